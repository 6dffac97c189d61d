import { Body, Controller, Get, Header, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@bishan/domain';
import { ApiQueriesOf, CurrentActor, openApiSchemaOf, ZodValidationPipe } from '@bishan/service-runtime';
import { z } from 'zod';
import { idempotencyKeyOf } from '../idempotency/idempotency.interceptor';
import { ActOnCaseHandler } from './act-on-case/act-on-case.handler';
import {
  caseActionBodies,
  caseActionNames,
  raiseCaseBody,
  type CaseActionName,
  type RaiseCaseBody,
} from './case-commands.schemas';
import { GetCaseHandler } from './get-case/get-case.handler';
import { ListCasesHandler } from './list-cases/list-cases.handler';
import { xlsxContentType } from './list-cases/ledger-xlsx';
import { ledgerQuery, type LedgerQuery } from './list-cases/list-cases.query';
import { RaiseCaseHandler } from './raise-case/raise-case.handler';

const actionName = z.enum(caseActionNames as [CaseActionName, ...CaseActionName[]]);

/** Read-your-writes: the event sequence the reader's own action answered with. */
const MIN_SEQ_HEADER = 'x-min-event-seq';
const readQuery = z
  .object({ minSeq: z.coerce.number().int().min(0).max(1_000_000_000).optional().describe('Wait briefly until the read model holds this event') })
  .strict();
type ReadQuery = z.infer<typeof readQuery>;

/** What the signed-in reader may do now: the actions the console offers as buttons. */
const availableActionsSchema = {
  type: 'array',
  items: { type: 'string', enum: caseActionNames },
  description:
    'The actions (POST /cases/{id}/actions/{action}) the signed-in person may take on the case as the read model holds it: their role, the case\'s state and their place in it allow them. The action is still decided when it arrives; its content may be refused.',
} as const;

function minSeqOf(query: ReadQuery, header: string | undefined): number {
  const fromHeader = header === undefined ? 0 : Number(header);
  return Math.max(query.minSeq ?? 0, Number.isSafeInteger(fromHeader) && fromHeader > 0 ? fromHeader : 0);
}

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly raiseCase: RaiseCaseHandler,
    private readonly actOnCase: ActOnCaseHandler,
    private readonly getCase: GetCaseHandler,
    private readonly listCases: ListCasesHandler,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The ledger (台账): filters, sorting and pagination over the read model' })
  @ApiQueriesOf(ledgerQuery)
  @ApiOkResponse({
    description: 'A page of the ledger; each item carries availableActions',
    schema: {
      type: 'object',
      properties: {
        items: { type: 'array', items: { type: 'object', properties: { availableActions: availableActionsSchema } } },
        total: { type: 'integer' },
        limit: { type: 'integer' },
        offset: { type: 'integer' },
      },
    },
  })
  list(@Query(new ZodValidationPipe(ledgerQuery, 'query')) query: LedgerQuery, @CurrentActor() actor: Actor) {
    return this.listCases.page(query, actor);
  }

  @Get('export.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="ledger.csv"')
  @ApiOperation({
    summary: 'The ledger as CSV, with the same filters (pagination ignored: every matching case)',
  })
  @ApiQueriesOf(ledgerQuery)
  async exportCsv(
    @Query(new ZodValidationPipe(ledgerQuery, 'query')) query: LedgerQuery,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ) {
    return reply.send(await this.listCases.csv(query, actor));
  }

  @Get('export.xlsx')
  @Header('content-type', xlsxContentType)
  // An ASCII name for old clients, the Chinese one (RFC 6266 filename*) for the rest.
  @Header(
    'content-disposition',
    `attachment; filename="ledger.xlsx"; filename*=UTF-8''${encodeURIComponent('台账.xlsx')}`,
  )
  @ApiOperation({
    summary:
      'The ledger as an Excel workbook, with the same filters and scope as the CSV (every matching case)',
  })
  @ApiQueriesOf(ledgerQuery)
  async exportXlsx(
    @Query(new ZodValidationPipe(ledgerQuery, 'query')) query: LedgerQuery,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ) {
    return reply.send(await this.listCases.xlsx(query, actor));
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Raise a case; starts its workflow (workflow id = case id)' })
  @ApiBody({ schema: openApiSchemaOf(raiseCaseBody) })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retry with the same key returns the first response',
  })
  raise(
    @Body(new ZodValidationPipe(raiseCaseBody)) body: RaiseCaseBody,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
  ) {
    return this.raiseCase.execute(body, actor, idempotencyKeyOf(request));
  }

  @Post(':id/actions/:action')
  @HttpCode(200)
  @ApiOperation({
    summary: 'An action of the loop (triage, claim, plan, result, feedback, rating…) on a running case',
  })
  @ApiParam({ name: 'action', enum: caseActionNames })
  async act(
    @Param('id') id: string,
    @Param('action', new ZodValidationPipe(actionName, 'path')) action: CaseActionName,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    const command = new ZodValidationPipe<object>(caseActionBodies[action] as z.ZodType<object>).transform(
      body,
    );
    return this.actOnCase.execute(id, action, command, actor);
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'A case as the read model holds it; with minSeq (or X-Min-Event-Seq) it first waits briefly until the read model holds that event — the eventSeq an action answered',
  })
  @ApiQueriesOf(readQuery)
  @ApiOkResponse({
    description: 'The case (a resident gets only what concerns them), with availableActions',
    schema: { type: 'object', properties: { availableActions: availableActionsSchema } },
  })
  get(
    @Param('id') id: string,
    @Query(new ZodValidationPipe(readQuery, 'query')) query: ReadQuery,
    @Headers(MIN_SEQ_HEADER) minSeqHeader: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return this.getCase.execute(id, actor, minSeqOf(query, minSeqHeader));
  }

  @Get(':id/timeline')
  @ApiOperation({ summary: 'Every transition of the case: who, when, what, why, which deadline (minSeq as for the case)' })
  @ApiQueriesOf(readQuery)
  timeline(
    @Param('id') id: string,
    @Query(new ZodValidationPipe(readQuery, 'query')) query: ReadQuery,
    @Headers(MIN_SEQ_HEADER) minSeqHeader: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return this.getCase.timeline(id, actor, minSeqOf(query, minSeqHeader));
  }
}
