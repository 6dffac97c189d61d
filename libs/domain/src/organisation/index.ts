export { type PlaceDirectory, type PlaceProblem, type RaisedPlace, checkRaisePlace } from './place-check';
