import { AuthenticatedGuard, CurrentAccount } from '@hookyard/auth';
import { RequireContentType } from '@hookyard/http';
import { Account } from '@hookyard/persistence';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiAlaudaErrors } from '../errors/alauda-error.schema';
import { streamedAnswer } from '../paging/listing-answer';
import { presentAlaudaHook } from './alauda-hook.presenter';
import { AlaudaHooksService } from './alauda-hooks.service';
import {
  AlaudaHookResponse,
  CreateAlaudaHookDto,
  ListAlaudaHooksQuery,
  RotateAlaudaHookSecretDto,
  RotatedAlaudaHookSecretResponse,
  UpdateAlaudaHookDto,
} from './dtos';

@ApiTags('Alauda hooks')
@ApiSecurity('Token')
@ApiAlaudaErrors()
@Controller('v1/hooks')
@UseGuards(AuthenticatedGuard)
export class AlaudaHooksController {
  constructor(private readonly hooks: AlaudaHooksService) {}

  @Post()
  @ApiOperation({ summary: 'Create a hook' })
  @ApiResponse({ status: 201, type: AlaudaHookResponse })
  @HttpCode(201)
  @UseGuards(RequireContentType('application/json'))
  async create(@CurrentAccount() account: Account, @Body() dto: CreateAlaudaHookDto) {
    return presentAlaudaHook(await this.hooks.create(account, dto));
  }

  @Get()
  @ApiOperation({ summary: 'List hooks, optionally of one subject_type and subject' })
  @ApiResponse({ status: 200, type: AlaudaHookResponse, isArray: true })
  async list(@CurrentAccount() account: Account, @Query() query: ListAlaudaHooksQuery) {
    // Alauda's list has no paging: every hook, streamed.
    return streamedAnswer(await this.hooks.list(account, query), presentAlaudaHook);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a hook' })
  @ApiResponse({ status: 200, type: AlaudaHookResponse })
  async get(@CurrentAccount() account: Account, @Param('id') id: string) {
    return presentAlaudaHook(await this.hooks.get(account, id));
  }

  @Put(':id')
  @ApiOperation({
    summary:
      'Update a hook (events, secret, url, name, is_active; and tag_pattern, payload_format, headers, ordered, rate_limit)',
    description:
      'A secret given here replaces the current one at once; to keep it valid meanwhile, rotate it instead.',
  })
  @ApiResponse({ status: 200, type: AlaudaHookResponse })
  @UseGuards(RequireContentType('application/json'))
  async update(
    @CurrentAccount() account: Account,
    @Param('id') id: string,
    @Body() dto: UpdateAlaudaHookDto,
  ) {
    return presentAlaudaHook(await this.hooks.update(account, id, dto));
  }

  @Post(':id/secret/rotate')
  @ApiOperation({
    summary: "Rotate a hook's secret",
    description:
      'The new secret (given, or random) signs every delivery from now on; until previous_secret_expires_at (expire_after, ' +
      'default 24h) deliveries also carry a signature with the previous one. The body is optional.',
  })
  @ApiResponse({ status: 200, type: RotatedAlaudaHookSecretResponse })
  @HttpCode(200)
  @UseGuards(RequireContentType({ bodyOptional: true }, 'application/json'))
  async rotateSecret(
    @CurrentAccount() account: Account,
    @Param('id') id: string,
    @Body() dto: RotateAlaudaHookSecretDto,
  ): Promise<RotatedAlaudaHookSecretResponse> {
    const rotated = await this.hooks.rotateSecret(account, id, dto ?? {});
    return {
      secret: rotated.secret,
      previous_secret_expires_at: (rotated.previousSecretExpiresAt ?? new Date()).toISOString(),
    };
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a hook' })
  @ApiResponse({ status: 204, description: 'Deleted' })
  @HttpCode(204)
  async remove(@CurrentAccount() account: Account, @Param('id') id: string): Promise<void> {
    await this.hooks.remove(account, id);
  }
}
