/**
 * Publication to residents (结果公开): the triage result, the handling plan and the result of a case
 * are told to the residents' group in plain words. A notice names the case by a short reference,
 * its category and village, and the unit that handles it — never a staff member's id or name, nor
 * the notes officials write for each other (triage notes, reasons, the responsible person).
 */

/** 'update': a notice that an earlier one no longer holds (the case went back to triage, or is handled again). */
export type PublicNoticeKind = 'triage' | 'plan' | 'result' | 'update';

/** What the notice tells: each a step of the loop, with only what residents may read of it. */
export type PublishedStep =
  /** Triaged (研判): handled by the village or the town itself, or published to the district's departments. */
  | { readonly step: 'triaged'; readonly route: 'village' | 'town' | 'district'; readonly unitName: string }
  /** Claimed and planned (领办 + 办理方案): the department and its plan, with the handling deadline. */
  | { readonly step: 'planned'; readonly departmentName: string; readonly plan: string; readonly dueDate: string | null }
  /** Result reported (办理结果), before the residents' rating. */
  | { readonly step: 'resulted'; readonly summary: string }
  /** Sent back to the town's triage by its handler: the triage notice no longer holds. */
  | { readonly step: 'returned' }
  /** The residents were not satisfied: the result notice no longer holds, the case is handled again. */
  | { readonly step: 'reopened' };

export interface NoticeSubject {
  readonly caseId: string;
  readonly category: string;
  readonly townName: string;
  readonly villageName: string;
}

export interface PublicNotice {
  readonly kind: PublicNoticeKind;
  readonly title: string;
  readonly text: string;
}

/** Texts a person typed (plans, results) are cut at this length in a notice. */
export const MAX_QUOTED_CHARS = 300;

/** The reference residents see: enough to tell notices apart, not an internal id to look things up by. */
export function publicReference(caseId: string): string {
  return caseId.replace(/[^0-9a-zA-Z]/g, '').slice(0, 8).toUpperCase();
}

/**
 * Plain text fit for a group chat: control characters and markup-like brackets out, runs of
 * whitespace as one space, at most MAX_QUOTED_CHARS characters (whole characters, never half an emoji).
 */
export function plainText(value: string, max = MAX_QUOTED_CHARS): string {
  const cleaned = value
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/g, ' ')
    .replace(/[<>]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...cleaned];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : cleaned;
}

export function publicNoticeOf(subject: NoticeSubject, step: PublishedStep): PublicNotice {
  const about = `${subject.villageName}群众反映的“${plainText(subject.category, 40)}”问题(编号 ${publicReference(subject.caseId)})`;
  switch (step.step) {
    case 'triaged': {
      const handledBy =
        step.route === 'district'
          ? '已提交区级部门认领办理'
          : `交由${plainText(step.unitName, 40)}办理`;
      return { kind: 'triage', title: `研判结果:${subject.villageName}`, text: `${about},经${subject.townName}研判,${handledBy}。` };
    }
    case 'planned':
      return {
        kind: 'plan',
        title: `办理方案:${subject.villageName}`,
        text:
          `${about}已由${plainText(step.departmentName, 40)}认领,办理方案:${plainText(step.plan)}` +
          (step.dueDate ? `。计划于 ${step.dueDate} 前办结。` : '。'),
      };
    case 'resulted':
      return {
        kind: 'result',
        title: `办理结果:${subject.villageName}`,
        text: `${about}已办理:${plainText(step.summary)}。请群众对办理结果进行评价。`,
      };
    case 'returned':
      return {
        kind: 'update',
        title: `重新研判:${subject.villageName}`,
        text: `${about}经核实不属原办理单位职责,已退回${subject.townName}重新研判,研判结果将另行公布。`,
      };
    case 'reopened':
      return {
        kind: 'update',
        title: `重新办理:${subject.villageName}`,
        text: `${about}群众对办理结果不满意,已重新交办理单位办理,办理结果将另行公布。`,
      };
  }
}
