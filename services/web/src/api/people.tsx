import { useEffect, useState } from 'react';
import { caseApi, useActor } from './client';

interface Person {
  id: string;
  name: string;
  title?: string;
}

// One load per page life: the list changes only with an organisation edit.
let loading: Promise<Map<string, string>> | undefined;

function loadPeople(): Promise<Map<string, string>> {
  loading ??= caseApi.get<Person[]>('/organisation/people').then(
    (people) => new Map(people.map((p) => [p.id, p.title ? `${p.title} ${p.name}` : p.name])),
    () => {
      loading = undefined; // a resident is refused; try again after another sign-in
      return new Map<string, string>();
    },
  );
  return loading;
}

/**
 * Officials' names for ids (a leader with their title), so pages show people rather than ids.
 * Residents get no staff list: for them an official stays unnamed, shown by role elsewhere.
 */
export function usePersonName(): (id: string) => string {
  const actor = useActor();
  const [names, setNames] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    if (actor.role === 'resident') return;
    let live = true;
    void loadPeople().then((loaded) => live && setNames(loaded));
    return () => {
      live = false;
    };
  }, [actor.role]);
  return (id: string) => names.get(id) ?? (id === actor.id ? (actor.name ?? id) : id);
}
