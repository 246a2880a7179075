import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { AccountResponse } from '../accounts/account.presenter';

export class OpenSessionDto {
  @ApiProperty({ example: 'admin' })
  @IsString({ message: 'username is required' })
  @IsNotEmpty({ message: 'username is required' })
  @MaxLength(255)
  username: string;

  @ApiProperty({ description: 'one of the user’s API tokens' })
  @IsString({ message: 'token is required' })
  @IsNotEmpty({ message: 'token is required' })
  @MaxLength(1024)
  token: string;
}

export class SessionResponse {
  @ApiProperty({ type: AccountResponse }) account: AccountResponse;
}

export class OpenedSessionResponse extends SessionResponse {
  @ApiProperty({ description: 'when the session cookie stops working' }) expiresAt: string;
}
