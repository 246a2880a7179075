import {
  isRepositoryComponent,
  REPOSITORY_COMPONENT_RULE,
  REPOSITORY_VISIBILITIES,
  type RepositoryVisibility,
} from '@hookyard/events';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateBy,
} from 'class-validator';

const IsRepositoryComponent = () =>
  ValidateBy({
    name: 'isRepositoryComponent',
    validator: {
      validate: (value: unknown) => isRepositoryComponent(value),
      defaultMessage: () => `name must be ${REPOSITORY_COMPONENT_RULE}`,
    },
  });

/** The largest tagLimit: the column is a PostgreSQL integer. */
const MAX_TAG_LIMIT = 2_147_483_647;

/** DTR's forms.CreateRepo. */
export class CreateRepositoryDto {
  @ApiProperty({ example: 'api', description: REPOSITORY_COMPONENT_RULE })
  @IsRepositoryComponent()
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(140)
  shortDescription?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  longDescription?: string;

  @ApiPropertyOptional({ enum: REPOSITORY_VISIBILITIES, default: 'private' })
  @IsOptional()
  @IsIn(REPOSITORY_VISIBILITIES, { message: 'visibility must be public or private' })
  visibility?: RepositoryVisibility;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  scanOnPush?: boolean;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  immutableTags?: boolean;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  enableManifestLists?: boolean;

  @ApiPropertyOptional({
    default: 0,
    maximum: MAX_TAG_LIMIT,
    description: 'most tags kept (0: no limit); stored, not enforced',
  })
  @IsOptional()
  @IsInt({ message: 'tagLimit must be a whole number' })
  @Min(0, { message: `tagLimit must be between 0 and ${MAX_TAG_LIMIT}` })
  @Max(MAX_TAG_LIMIT, { message: `tagLimit must be between 0 and ${MAX_TAG_LIMIT}` })
  tagLimit?: number;
}

/** DTR's forms.UpdateRepo: every setting, none required; a repository is not renamed. */
export class UpdateRepositoryDto extends PartialType(OmitType(CreateRepositoryDto, ['name'] as const)) {}
