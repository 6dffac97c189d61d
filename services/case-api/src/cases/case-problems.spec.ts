import { ruleRejection } from './case-problems';

describe('ruleRejection', () => {
  it('keeps the rule’s English sentence and adds the domain’s code and figures for the field', () => {
    const { problem } = ruleRejection('invalid', 'householdsAtHome (35) cannot exceed invitedHouseholds (30)', 'householdsAtHome', {
      rule: 'exceeds',
      params: { value: 35, limit: 30, limitField: 'invitedHouseholds' },
    });
    expect(problem).toMatchObject({ status: 422, detail: 'householdsAtHome (35) cannot exceed invitedHouseholds (30)' });
    expect(problem.errors).toEqual([
      {
        field: 'body.householdsAtHome',
        message: 'householdsAtHome (35) cannot exceed invitedHouseholds (30)',
        code: 'exceeds',
        params: { value: 35, limit: 30, limitField: 'invitedHouseholds' },
      },
    ]);
  });

  it('names no code where the rule gives none', () => {
    expect(ruleRejection('invalid', 'a case needs at least one reporter', 'reporterIds').problem.errors).toEqual([
      { field: 'body.reporterIds', message: 'a case needs at least one reporter' },
    ]);
  });
});
