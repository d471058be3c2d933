import { z } from 'zod';

/** 培训时钟 The day a demo or training server is at, and how far it is ahead of the real day. */
export const TrainingClockView = z.object({ today: z.string(), realToday: z.string(), offsetDays: z.number().int(), maxDays: z.number().int() });
export type TrainingClockView = z.infer<typeof TrainingClockView>;

/** Move forward `days`, or back to the real day with `reset`. */
export const TrainingClockChange = z.object({ days: z.number().int().optional(), reset: z.boolean().optional() });
export type TrainingClockChange = z.infer<typeof TrainingClockChange>;
