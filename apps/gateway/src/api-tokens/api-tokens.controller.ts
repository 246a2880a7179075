import { AuthenticatedGuard, CurrentAccount } from '@hookyard/auth';
import { RequireContentType } from '@hookyard/http';
import { Account, OwnedApiToken } from '@hookyard/persistence';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import type { Response } from 'express';
import { ApiBasicAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiDtrErrors } from '../errors/dtr-error.schema';
import { DTR_ZERO_TIME } from '../dtr-webhooks/dtr-webhook.presenter';
import { ApiTokensService, OwnedToken } from './api-tokens.service';
import { ApiPagedResponse, listingAnswer } from '../paging/listing-answer';
import {
  ApiTokenResponse,
  CreateApiTokenDto,
  ListApiTokensQuery,
  NewApiTokenResponse,
  UpdateApiTokenDto,
} from './dtos';

function presentToken({ token, ownerName }: OwnedApiToken): ApiTokenResponse {
  return {
    hashedToken: token.tokenHash,
    tokenLabel: token.tokenLabel,
    isActive: token.isActive,
    username: ownerName,
    creationTime: token.createdAt.toISOString(),
    lastUsed: token.lastUsedAt?.toISOString() ?? DTR_ZERO_TIME,
    generatedBy: token.generatedBy,
    expiresAt: token.expiresAt?.toISOString() ?? null,
  };
}

const owned = ({ token, owner }: OwnedToken): OwnedApiToken => ({ token, ownerName: owner.name });

const usernameQuery = {
  name: 'username',
  required: false,
  description: 'whose tokens (default: yours; other users need a system admin)',
};

@ApiTags('DTR API tokens')
@ApiBasicAuth()
@ApiDtrErrors()
@Controller('api/v0/api_tokens')
@UseGuards(AuthenticatedGuard)
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a new API token (shown once)' })
  @ApiQuery(usernameQuery)
  @ApiResponse({ status: 201, type: NewApiTokenResponse })
  @UseGuards(RequireContentType('application/json'))
  async create(
    @CurrentAccount() actor: Account,
    @Query('username') username: string | undefined,
    @Body() dto: CreateApiTokenDto,
  ): Promise<NewApiTokenResponse> {
    const created = await this.tokens.create(actor, username, dto);
    return { ...presentToken(owned(created)), token: created.secret };
  }

  @Get()
  @ApiOperation({ summary: "List API tokens: a user's, or every token for admins without username" })
  @ApiQuery(usernameQuery)
  @ApiPagedResponse({ type: ApiTokenResponse, isArray: true })
  async list(
    @CurrentAccount() actor: Account,
    @Query() query: ListApiTokensQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    return listingAnswer(response, await this.tokens.list(actor, query.username), query, presentToken);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: "Delete all of a user's API tokens" })
  @ApiQuery(usernameQuery)
  async removeAll(@CurrentAccount() actor: Account, @Query('username') username?: string): Promise<void> {
    await this.tokens.removeAllOf(actor, username);
  }

  @Get(':hashedtoken')
  @ApiOperation({ summary: "Get an API token's information" })
  @ApiResponse({ status: 200, type: ApiTokenResponse })
  async get(@CurrentAccount() actor: Account, @Param('hashedtoken') hashedToken: string) {
    return presentToken(owned(await this.tokens.get(actor, hashedToken)));
  }

  @Patch(':hashedtoken')
  @UseGuards(RequireContentType('application/json'))
  @ApiOperation({ summary: "Update an API token's label or active flag" })
  @ApiResponse({ status: 200, type: ApiTokenResponse })
  async update(
    @CurrentAccount() actor: Account,
    @Param('hashedtoken') hashedToken: string,
    @Body() dto: UpdateApiTokenDto,
  ) {
    return presentToken(owned(await this.tokens.update(actor, hashedToken, dto)));
  }

  @Delete(':hashedtoken')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an API token' })
  async remove(@CurrentAccount() actor: Account, @Param('hashedtoken') hashedToken: string): Promise<void> {
    await this.tokens.remove(actor, hashedToken);
  }
}
