import { AuthenticatedGuard, CurrentAccount } from '@hookyard/auth';
import { RequireContentType } from '@hookyard/http';
import { Account } from '@hookyard/persistence';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { presentAlaudaHook } from './alauda-hook.presenter';
import { AlaudaHooksService } from './alauda-hooks.service';
import { CreateAlaudaHookDto, ListAlaudaHooksQuery, UpdateAlaudaHookDto } from './dtos';

@ApiTags('Alauda hooks')
@ApiSecurity('Token')
@Controller('v1/hooks')
@UseGuards(AuthenticatedGuard)
export class AlaudaHooksController {
  constructor(private readonly hooks: AlaudaHooksService) {}

  @Post()
  @HttpCode(201)
  @UseGuards(RequireContentType('application/json'))
  async create(@CurrentAccount() account: Account, @Body() dto: CreateAlaudaHookDto) {
    return presentAlaudaHook(await this.hooks.create(account, dto));
  }

  @Get()
  async list(@CurrentAccount() account: Account, @Query() query: ListAlaudaHooksQuery) {
    return (await this.hooks.list(account, query)).map(presentAlaudaHook);
  }

  @Get(':id')
  async get(@CurrentAccount() account: Account, @Param('id') id: string) {
    return presentAlaudaHook(await this.hooks.get(account, id));
  }

  @Put(':id')
  @UseGuards(RequireContentType('application/json'))
  async update(
    @CurrentAccount() account: Account,
    @Param('id') id: string,
    @Body() dto: UpdateAlaudaHookDto,
  ) {
    return presentAlaudaHook(await this.hooks.update(account, id, dto));
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentAccount() account: Account, @Param('id') id: string): Promise<void> {
    await this.hooks.remove(account, id);
  }
}
