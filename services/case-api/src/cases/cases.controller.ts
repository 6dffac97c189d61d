import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { openApiSchemaOf, ZodValidationPipe } from '@bishan/service-runtime';
import { GetCaseHandler } from './get-case/get-case.handler';
import { raiseCaseCommand, type RaiseCaseCommand } from './raise-case/raise-case.command';
import { RaiseCaseHandler } from './raise-case/raise-case.handler';

@ApiTags('cases')
@Controller('cases')
export class CasesController {
  constructor(
    private readonly raiseCase: RaiseCaseHandler,
    private readonly getCase: GetCaseHandler,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Raise a case; starts its workflow (workflow id = case id)' })
  @ApiBody({ schema: openApiSchemaOf(raiseCaseCommand) })
  raise(@Body(new ZodValidationPipe(raiseCaseCommand)) command: RaiseCaseCommand) {
    return this.raiseCase.execute(command);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A case as the read model holds it, with its escalations' })
  get(@Param('id') id: string) {
    return this.getCase.execute(id);
  }
}
