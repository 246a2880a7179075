import { ACCESS_LEVELS, AccessLevel } from '@hookyard/persistence';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

export class SetAccessDto {
  @ApiProperty({ enum: ACCESS_LEVELS, example: 'admin' })
  @IsIn(ACCESS_LEVELS, { message: `accessLevel must be one of ${ACCESS_LEVELS.join(', ')}` })
  accessLevel: AccessLevel;
}
