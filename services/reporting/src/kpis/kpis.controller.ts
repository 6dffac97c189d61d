import { applyDecorators, Controller, Get, Header, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { computeKpis, defaultKpiPolicy, type KpiDimension, type KpiQuery, type KpiRow } from '@bishan/domain';
import { openApiSchemaOf, ZodValidationPipe, type AuthenticatedRequest } from '@bishan/service-runtime';
import { actorOf, ReportScope } from '../http/report-scope';
import { ReportReadersGuard } from '../http/report-readers.guard';
import { KpiFactsRepository } from './kpi-facts.repository';
import { kpiQuery, type KpiQueryParams } from './kpi.schemas';
import { kpiCsv, kpiXlsx, xlsxContentType } from './kpi-table';

/** One documented query parameter per property of the validated query schema. */
function ApiQueryOf(schema: typeof kpiQuery) {
  const json = openApiSchemaOf(schema) as { properties: Record<string, object>; required?: string[] };
  return applyDecorators(
    ...Object.entries(json.properties).map(([name, property]) =>
      ApiQuery({ name, required: json.required?.includes(name) ?? false, schema: property }),
    ),
  );
}

const filterDimensions: readonly KpiDimension[] = [
  'level',
  'town',
  'village',
  'department',
  'localUnit',
  'leader',
  'category',
];

/**
 * The district's KPIs, computed by `computeKpis` (libs/domain/src/kpi) from the reporting facts.
 * Definitions are written beside that code; the weights are `defaultKpiPolicy`.
 */
@ApiTags('kpis')
@ApiBearerAuth()
@UseGuards(ReportReadersGuard)
@Controller('reports/kpis')
export class KpisController {
  constructor(
    private readonly facts: KpiFactsRepository,
    private readonly scope: ReportScope,
  ) {}

  @Get()
  @ApiOperation({ summary: 'KPIs by period (Asia/Shanghai) and optionally by one dimension, with filters' })
  @ApiQueryOf(kpiQuery)
  async kpis(@Query(new ZodValidationPipe(kpiQuery, 'query')) query: KpiQueryParams, @Req() request: AuthenticatedRequest) {
    return { policyVersion: defaultKpiPolicy.version, rows: await this.rows(query, request) };
  }

  @Get('export.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="kpis.csv"')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: 'The same KPIs as CSV: one line per period and group, rates with numerator and denominator',
  })
  @ApiQueryOf(kpiQuery)
  async csv(@Query(new ZodValidationPipe(kpiQuery, 'query')) query: KpiQueryParams, @Req() request: AuthenticatedRequest) {
    return kpiCsv(await this.rows(query, request));
  }

  @Get('export.xlsx')
  @Header('content-type', xlsxContentType)
  @Header(
    'content-disposition',
    `attachment; filename="kpis.xlsx"; filename*=UTF-8''${encodeURIComponent('指标.xlsx')}`,
  )
  @ApiProduces(xlsxContentType)
  @ApiOperation({ summary: 'The same KPIs as an Excel workbook' })
  @ApiQueryOf(kpiQuery)
  async xlsx(@Query(new ZodValidationPipe(kpiQuery, 'query')) query: KpiQueryParams, @Req() request: AuthenticatedRequest) {
    return kpiXlsx(await this.rows(query, request));
  }

  /** Computed from the facts the reader may see only: by leader, by department or by anything else. */
  private async rows(params: KpiQueryParams, request: AuthenticatedRequest): Promise<KpiRow[]> {
    const filter: Partial<Record<KpiDimension, string>> = {};
    for (const dimension of filterDimensions) {
      const wanted = params[dimension];
      if (wanted !== undefined) filter[dimension] = wanted;
    }
    const query: KpiQuery = {
      from: params.from,
      to: params.to,
      granularity: params.granularity,
      ...(params.groupBy ? { groupBy: params.groupBy } : {}),
      filter,
    };
    return computeKpis(await this.scope.facts(actorOf(request), await this.facts.load()), query, defaultKpiPolicy);
  }
}
