import { Module } from '@nestjs/common';
import { LiveTotalsService } from './live-totals.service';

@Module({ providers: [LiveTotalsService], exports: [LiveTotalsService] })
export class LiveTotalsModule {}
