import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An API token: only its SHA-256 hash is stored; the token itself is shown once at creation. */
@Entity('api_tokens')
// Listed oldest first, all of them or one account's (keyset order: creation, then id).
@Index('IDX_api_tokens_created', ['createdAt', 'id'])
@Index('IDX_api_tokens_account_created', ['accountId', 'createdAt', 'id'])
export class ApiToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @Column({ name: 'token_hash', unique: true })
  tokenHash: string;

  @Column({ name: 'token_label', default: '' })
  tokenLabel: string;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive: boolean;

  /** Set when a system admin turned the token off: then only a system admin may turn it on again. */
  @Column({ name: 'deactivated_by_admin', type: 'boolean', default: false })
  deactivatedByAdmin: boolean;

  /** Made by the gateway from ADMIN_TOKEN (or generated at first start); a changed ADMIN_TOKEN replaces it. */
  @Column({ name: 'is_bootstrap', type: 'boolean', default: false })
  isBootstrap: boolean;

  /**
   * Who made it: the user who asked for it through the API (its owner, or the system admin who
   * made it for them), or `ADMIN_TOKEN` for the gateway's bootstrap token.
   */
  @Column({ name: 'generated_by', type: 'text', default: '' })
  generatedBy: string;

  /** After this it authenticates no one; null: it does not expire. */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}
