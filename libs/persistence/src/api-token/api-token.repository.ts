import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Not, Repository } from 'typeorm';
import { Keyset } from '../listing/keyset';
import { entityColumns, Listing, sqlListing } from '../listing/listing';
import { managerFor, Transaction } from '../transactions';
import { ApiToken } from './api-token.entity';

export type NewApiToken = Pick<ApiToken, 'accountId' | 'tokenHash' | 'tokenLabel'> &
  Partial<Pick<ApiToken, 'isBootstrap' | 'generatedBy' | 'expiresAt'>>;

/** A token and the name of the account it acts as. */
export interface OwnedApiToken {
  token: ApiToken;
  ownerName: string;
}

/** Tokens are listed oldest first, then by id. */
const OLDEST_FIRST = new Keyset([
  { column: 'created_at', type: 'timestamptz' },
  { column: 'id', type: 'uuid' },
]);

/** API tokens, by the SHA-256 of the token (which is also their id in the API). */
@Injectable()
export class ApiTokenRepository {
  private readonly tokens: Repository<ApiToken>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.tokens = dataSource.getRepository(ApiToken);
  }

  create(token: NewApiToken, transaction?: Transaction): Promise<ApiToken> {
    const manager = managerFor(this.dataSource, transaction);
    return manager.save(manager.create(ApiToken, token));
  }

  findByHash(tokenHash: string, transaction?: Transaction): Promise<ApiToken | null> {
    return managerFor(this.dataSource, transaction).findOneBy(ApiToken, { tokenHash });
  }

  /** The token, when it exists, is turned on and has not expired. */
  findActiveByHash(tokenHash: string): Promise<ApiToken | null> {
    return this.tokens
      .createQueryBuilder('t')
      .where('t.token_hash = :tokenHash AND t.is_active', { tokenHash })
      .andWhere('(t.expires_at IS NULL OR t.expires_at > now())')
      .getOne();
  }

  /** One account's tokens, or every token without `accountId`, with their owners' names; oldest first. */
  list(accountId?: string): Listing<OwnedApiToken> {
    return sqlListing(
      this.dataSource,
      OLDEST_FIRST,
      (read) =>
        `SELECT ${entityColumns(this.dataSource, ApiToken, 't')}, a.name AS "ownerName", ${read.key('t')}
           FROM api_tokens t JOIN accounts a ON a.id = t.account_id
          WHERE ${accountId === undefined ? 'TRUE' : `t.account_id = ${read.param(accountId)}`}
            AND ${read.after('t')}
          ORDER BY ${read.orderBy('t')} ${read.limit}`,
      ({ ownerName, ...token }) => ({ token: token as unknown as ApiToken, ownerName: ownerName as string }),
    );
  }

  /** Writes the token's changed columns. */
  save(token: ApiToken): Promise<ApiToken> {
    return this.tokens.save(token);
  }

  /** Makes the token the gateway's bootstrap token (ADMIN_TOKEN). */
  async markBootstrap(id: string, transaction?: Transaction): Promise<void> {
    await managerFor(this.dataSource, transaction).update(ApiToken, id, { isBootstrap: true });
  }

  /** Deletes every bootstrap token but the one of `tokenHash`; returns how many. */
  async deleteBootstrapTokensExcept(tokenHash: string, transaction?: Transaction): Promise<number> {
    const { affected } = await managerFor(this.dataSource, transaction).delete(ApiToken, {
      isBootstrap: true,
      tokenHash: Not(tokenHash),
    });
    return affected ?? 0;
  }

  async markUsed(id: string, at: Date): Promise<void> {
    await this.tokens.update(id, { lastUsedAt: at });
  }

  async delete(id: string): Promise<void> {
    await this.tokens.delete({ id });
  }

  async deleteAllOf(accountId: string, transaction?: Transaction): Promise<void> {
    await managerFor(this.dataSource, transaction).delete(ApiToken, { accountId });
  }
}
