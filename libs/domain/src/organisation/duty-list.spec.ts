import { bestMatchingDepartment, departmentsCovering } from './duty-list';
import { directory } from '../test-support/org-fixture';

describe('duty list matching', () => {
  it('ranks a department for which the category is a primary duty first', () => {
    expect(bestMatchingDepartment(directory, 'sanitation')?.id).toBe('urban-management');
    expect(bestMatchingDepartment(directory, 'housingRenovation')?.id).toBe('housing');
  });

  it('breaks ties by id so the escalation target is stable', () => {
    expect(departmentsCovering(directory, 'roadAppearance').map((d) => d.id)).toEqual(['housing', 'urban-management']);
  });

  it('finds nobody for a category on no duty list', () => {
    expect(bestMatchingDepartment(directory, 'schools')).toBeUndefined();
  });
});
