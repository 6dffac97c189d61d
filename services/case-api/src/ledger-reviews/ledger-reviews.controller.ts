import { Body, Controller, Get, Header, HttpCode, HttpStatus, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@bishan/domain';
import { ApiQueriesOf, CurrentActor, openApiSchemaOf, ProblemException, ZodValidationPipe } from '@bishan/service-runtime';
import { AdminOnlyGuard } from '../auth/admin-only.guard';
import { LedgerReviewsHandler } from './ledger-reviews.handler';
import {
  decideItemBody,
  reviewListQuery,
  signOffBody,
  startReviewBody,
  type DecideItemBody,
  type ReviewListQuery,
  type SignOffBody,
  type StartReviewBody,
} from './ledger-review.schemas';
import { PdfFontMissing, reviewSheetPdf, reviewSheetXlsx, xlsxContentType } from './review-sheet-export';

/** An attachment name in Chinese, with an ASCII fallback for old clients. */
function attachment(reply: FastifyReply, ascii: string, name: string): void {
  void reply.header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`);
}

/** 对账销号: the monthly review of a town's or a department's ledger. Review ids contain ':'; encode them in paths. */
@ApiTags('ledger-reviews')
@ApiBearerAuth()
@Controller('ledger-reviews')
export class LedgerReviewsController {
  constructor(private readonly reviews: LedgerReviewsHandler) {}

  @Get()
  @ApiOperation({ summary: 'Ledger reviews of my units (town, department, or those I supervise), newest month first' })
  @ApiQueriesOf(reviewListQuery)
  list(@CurrentActor() actor: Actor, @Query(new ZodValidationPipe(reviewListQuery, 'query')) query: ReviewListQuery) {
    return this.reviews.list(actor, query);
  }

  @Post()
  @HttpCode(202)
  @UseGuards(AdminOnlyGuard)
  @ApiOperation({ summary: "Start one unit's review of a month by hand (admin; the schedule starts every unit's on the 1st)" })
  @ApiBody({ schema: openApiSchemaOf(startReviewBody) })
  start(@Body(new ZodValidationPipe(startReviewBody)) body: StartReviewBody) {
    return this.reviews.start(body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A review sheet: the items to strike off and to carry over, with the decisions and the signature' })
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.reviews.sheet(actor, id);
  }

  @Post(':id/items/:caseId/decision')
  @HttpCode(200)
  @ApiOperation({ summary: "Strike a closed item off (result and rating checked) or carry an open one over; the unit leader signs by name" })
  @ApiBody({ schema: openApiSchemaOf(decideItemBody) })
  decide(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('caseId') caseId: string, @Body(new ZodValidationPipe(decideItemBody)) body: DecideItemBody) {
    return this.reviews.decide(actor, id, caseId, body);
  }

  @Post(':id/sign-off')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign the sheet by name once every item is decided' })
  @ApiBody({ schema: openApiSchemaOf(signOffBody) })
  signOff(@CurrentActor() actor: Actor, @Param('id') id: string, @Body(new ZodValidationPipe(signOffBody)) body: SignOffBody) {
    return this.reviews.signOff(actor, id, body.signature);
  }

  @Get(':id/sheet.xlsx')
  @Header('content-type', xlsxContentType)
  @ApiProduces(xlsxContentType)
  @ApiOperation({ summary: 'The review sheet as an Excel workbook, in Chinese' })
  async xlsx(@CurrentActor() actor: Actor, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const sheet = await this.reviews.sheet(actor, id);
    attachment(reply, `ledger-review-${sheet.review.period}.xlsx`, `对账销号表-${sheet.review.unitName}-${sheet.review.period}.xlsx`);
    return reviewSheetXlsx(sheet);
  }

  @Get(':id/sheet.pdf')
  @Header('content-type', 'application/pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The review sheet as a PDF in Chinese (set in Noto Sans CJK from the system)' })
  async pdf(@CurrentActor() actor: Actor, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const sheet = await this.reviews.sheet(actor, id);
    let pdf: Buffer;
    try {
      pdf = await reviewSheetPdf(sheet);
    } catch (error) {
      if (!(error instanceof PdfFontMissing)) throw error;
      throw new ProblemException({
        type: 'https://bishan.example/problems/unavailable',
        title: 'PDF export unavailable',
        status: HttpStatus.SERVICE_UNAVAILABLE,
        detail: error.message,
      });
    }
    // Named as an attachment only once there is one: a refusal is read as the problem it is.
    attachment(reply, `ledger-review-${sheet.review.period}.pdf`, `对账销号表-${sheet.review.unitName}-${sheet.review.period}.pdf`);
    return pdf;
  }
}
