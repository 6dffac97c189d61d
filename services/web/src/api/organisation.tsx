import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

export interface Organisation {
  district: { id: string; name: string };
  towns: { id: string; name: string }[];
  villages: { id: string; name: string; townId: string }[];
  departments: { id: string; name: string; dutyCategories: string[] }[];
  districtLeaders: { id: string; title: string; departmentIds: string[] }[];
  categories: string[];
}

export interface ConsoleSettings {
  authMode: 'development' | 'oidc';
  oidcIssuer: string | null;
  temporalUiUrl: string;
  temporalNamespace: string;
}

interface Directory {
  organisation: Organisation | null;
  settings: ConsoleSettings | null;
  townName(id: string | null | undefined): string;
  villageName(id: string | null | undefined): string;
  departmentName(id: string | null | undefined): string;
  unitName(level: string | null | undefined, id: string | null | undefined): string;
}

const DirectoryContext = createContext<Directory | null>(null);

async function json<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** Names for ids, loaded once from the case API's public organisation summary. */
export function DirectoryProvider({ children }: { children: ReactNode }) {
  const [organisation, setOrganisation] = useState<Organisation | null>(null);
  const [settings, setSettings] = useState<ConsoleSettings | null>(null);
  useEffect(() => {
    json<Organisation>('/api/case/organisation').then(setOrganisation, () => setOrganisation(null));
    json<ConsoleSettings>('/console/config.json').then(setSettings, () => setSettings(null));
  }, []);
  const value = useMemo<Directory>(() => {
    const towns = new Map(organisation?.towns.map((t) => [t.id, t.name]));
    const villages = new Map(organisation?.villages.map((v) => [v.id, v.name]));
    const departments = new Map(organisation?.departments.map((d) => [d.id, d.name]));
    const name = (map: Map<string, string>) => (id: string | null | undefined) => (id ? (map.get(id) ?? id) : '—');
    const townName = name(towns);
    const villageName = name(villages);
    const departmentName = name(departments);
    return {
      organisation,
      settings,
      townName,
      villageName,
      departmentName,
      unitName: (level, id) =>
        level === 'district' ? departmentName(id) : level === 'town' ? townName(id) : villageName(id),
    };
  }, [organisation, settings]);
  return <DirectoryContext.Provider value={value}>{children}</DirectoryContext.Provider>;
}

export function useDirectory(): Directory {
  const value = useContext(DirectoryContext);
  if (!value) throw new Error('useDirectory outside DirectoryProvider');
  return value;
}
