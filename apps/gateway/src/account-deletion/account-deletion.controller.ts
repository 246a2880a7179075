import { AuthenticatedGuard, CurrentAccount } from '@hookyard/auth';
import { Account } from '@hookyard/persistence';
import { Controller, Delete, HttpCode, Param, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiDtrErrors } from '../errors/dtr-error.schema';
import { AccountDeletionService } from './account-deletion.service';

@ApiTags('DTR accounts')
@ApiBasicAuth()
@ApiDtrErrors()
@Controller('api/v0/accounts')
@UseGuards(AuthenticatedGuard)
export class AccountDeletionController {
  constructor(private readonly deletion: AccountDeletionService) {}

  @Delete(':name')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Remove a user or an organization with its repositories, grants, tokens and memberships (system admins)',
    description:
      'Subscriptions pointing into its namespace are deleted; those it made elsewhere are turned off (inactiveReason author-deleted).',
  })
  async remove(@CurrentAccount() actor: Account, @Param('name') name: string): Promise<void> {
    await this.deletion.remove(actor, name);
  }
}
