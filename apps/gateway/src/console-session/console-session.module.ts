import { AuthModule } from '@hookyard/auth';
import { Module } from '@nestjs/common';
import { ConsoleSessionController } from './console-session.controller';

@Module({ imports: [AuthModule], controllers: [ConsoleSessionController] })
export class ConsoleSessionModule {}
