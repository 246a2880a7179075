import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** `pageSize` and `pageStart` (the X-Next-Page-Start of the previous page) of a keyset-paged list. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, description: 'rows per page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be a whole number' })
  @Min(1, { message: 'pageSize must be between 1 and 100' })
  @Max(100, { message: 'pageSize must be between 1 and 100' })
  pageSize?: number;

  @ApiPropertyOptional({ description: 'the X-Next-Page-Start header of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  pageStart?: string;
}
