import type { z } from 'zod';
import type { ContractTypeOf } from './case-event-types';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

interface OptionalField<T> {
  readonly optional: T;
}

/**
 * Plain assignability lets the wider side carry extra optional fields (a field added to the domain
 * as optional would slip through both directions), so every field is made required and tagged with
 * whether it was optional; then assignability both ways means the same fields, nested too.
 * Readonly-ness of arrays is left to the plain check.
 */
type Normalize<T> = T extends readonly (infer E)[]
  ? Normalize<E>[]
  : T extends object
    ? {
        [K in keyof T]-?: Pick<T, K> extends Required<Pick<T, K>>
          ? Normalize<T[K]>
          : OptionalField<Normalize<Exclude<T[K], undefined>>>;
      }
    : T;

type Wire<DomainEvent> = Omit<DomainEvent, 'type'>;

/** `true` when a schema yields exactly the values of a domain type, else where they differ. */
export type MatchesType<Schema extends z.ZodTypeAny, T> =
  Same<z.infer<Schema>, T> extends false
    ? { notAssignable: z.infer<Schema>; domain: T }
    : Same<Normalize<z.infer<Schema>>, Normalize<T>> extends false
      ? {
          fieldsDiffer: true;
          onlyInContract: Exclude<keyof z.infer<Schema>, keyof T>;
          onlyInDomain: Exclude<keyof T, keyof z.infer<Schema>>;
        }
      : true;

/**
 * `true` when a contract carries exactly the domain event: the wire name follows the naming rule
 * and the payload accepts the domain event minus `type` and yields nothing else. Otherwise a
 * description of the mismatch, which `Expect` prints in the compiler error.
 */
export type MatchesDomain<
  Definition extends { readonly type: string; readonly payload: z.ZodTypeAny },
  DomainEvent extends { readonly type: string },
> =
  Same<Definition['type'], ContractTypeOf<DomainEvent['type']>> extends false
    ? { wrongType: Definition['type']; expected: ContractTypeOf<DomainEvent['type']> }
    : MatchesType<Definition['payload'], Wire<DomainEvent>>;

export type Expect<T extends true> = T;
