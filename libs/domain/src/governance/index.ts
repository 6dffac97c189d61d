export {
  type GovernancePlace,
  type GovernancePlaces,
  type LinkedTowns,
  type PlaceScope,
  checkActsAt,
  checkPlace,
  inPlaceScope,
  placeScopeOf,
} from './place-scope';
