import { Select } from 'antd';
import { useLoader } from '../api/hooks';
import { dutiesApi } from '../api/meeting-duties';
import { useDirectory } from '../api/organisation';

interface CourtyardOption {
  value: string;
  label: string;
}

/**
 * A village's courtyards by name (town › village › courtyard), grouped by residents' group, from the
 * organisation's residents' groups: a person picks a name and the form sends its id.
 */
export function useCourtyardOptions(villageId: string | null | undefined): { label: string; options: CourtyardOption[] }[] {
  const { organisation, townName, villageName } = useDirectory();
  const groups = useLoader((signal) => (villageId ? dutiesApi.groups(villageId, signal) : Promise.resolve([])), [villageId]);
  const townId = organisation?.villages.find((v) => v.id === villageId)?.townId;
  const prefix = `${townName(townId)} › ${villageName(villageId)} › `;
  return (groups.data ?? []).map((g) => ({ label: g.name, options: g.courtyards.map((c) => ({ value: c.id, label: `${prefix}${c.name}` })) }));
}

/** A form control for a courtyard of one village, searchable by name; its value is the courtyard's id. */
export function CourtyardPicker({
  villageId,
  value,
  onChange,
  placeholder,
  allowClear,
  id,
  testId,
}: {
  villageId: string | null | undefined;
  value?: string;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  /** Set by Form.Item, so the field's label names the control. */
  id?: string;
  testId?: string;
}) {
  const options = useCourtyardOptions(villageId);
  return (
    <Select
      id={id}
      value={value}
      onChange={(next: string | undefined) => onChange?.(next)}
      options={options}
      showSearch={{ optionFilterProp: 'label' }}
      allowClear={allowClear}
      placeholder={placeholder}
      data-testid={testId}
    />
  );
}
