import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { AppConfig } from '@bishan/config';
import { caseRaisedV1, caseWorkflowType, createCaseEvent, type CaseWorkflowInput } from '@bishan/contracts';
import { CaseRepository, type Database } from '@bishan/db';
import { APP_CONFIG, DATABASE } from '@bishan/service-runtime';
import { TEMPORAL_CLIENT } from '../../temporal/temporal-client.provider';
import type { RaiseCaseCommand } from './raise-case.command';

export interface RaisedCase {
  id: string;
  status: 'raised';
  claimDeadlineAt: string;
  workflowId: string;
}

@Injectable()
export class RaiseCaseHandler {
  private readonly cases: CaseRepository;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) db: Database,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {
    this.cases = new CaseRepository(db);
  }

  async execute(command: RaiseCaseCommand): Promise<RaisedCase> {
    const id = randomUUID();
    const raisedAt = new Date();
    const claimDeadlineAt = new Date(raisedAt.getTime() + this.config.cases.claimWindowMs);
    const place = { townId: command.townId ?? null, villageId: command.villageId ?? null };
    await this.cases.create(
      { id, category: command.category, description: command.description, ...place, claimDeadlineAt, raisedAt },
      createCaseEvent(caseRaisedV1, {
        eventId: `${id}/raised`,
        caseId: id,
        occurredAt: raisedAt.toISOString(),
        payload: { category: command.category, description: command.description, ...place, claimDeadlineAt: claimDeadlineAt.toISOString() },
      }),
    );
    await this.startWorkflow({ caseId: id, claimDeadlineAt: claimDeadlineAt.toISOString() });
    return { id, status: 'raised', claimDeadlineAt: claimDeadlineAt.toISOString(), workflowId: id };
  }

  private async startWorkflow(input: CaseWorkflowInput): Promise<void> {
    try {
      await this.temporal.workflow.start(caseWorkflowType, {
        workflowId: input.caseId,
        taskQueue: this.config.temporal.taskQueue,
        args: [input],
      });
    } catch (error) {
      // The workflow id is the case id: "already started" means an earlier attempt got there first.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
}
