/**
 * Drums from noise bursts and pitch-swept sines: a kit is a step grid per bar and the steps each
 * drum plays on. Each drum is its own layer so that hits overlap as real ones do.
 */
import type { Layer, NoteEvent } from './compose';
import type { Kit } from './styles';

const num = (x: number): string => x.toFixed(4);
const silence = (dur: number): NoteEvent => ({ dur });

interface DrumSound {
  seconds: number;
  sound: string;
  fx: string[];
  level: number;
}

const DRUMS: Record<string, DrumSound> = {
  kick: { seconds: 0.28, sound: 'sine 150:42', fx: ['fade q 0.002 0.28 0.25'], level: 1 },
  snare: {
    seconds: 0.16,
    sound: 'whitenoise',
    fx: ['highpass 300', 'lowpass 6000', 'fade q 0.001 0.16 0.15'],
    level: 0.5,
  },
  clap: {
    seconds: 0.12,
    sound: 'pinknoise',
    fx: ['bandpass 1400 1.2q', 'fade q 0.001 0.12 0.11'],
    level: 0.6,
  },
  hat: {
    seconds: 0.045,
    sound: 'whitenoise',
    fx: ['highpass 7000', 'fade q 0.001 0.045 0.04'],
    level: 0.22,
  },
  openhat: {
    seconds: 0.2,
    sound: 'whitenoise',
    fx: ['highpass 6500', 'fade q 0.001 0.2 0.19'],
    level: 0.2,
  },
  ride: {
    seconds: 0.4,
    sound: 'whitenoise',
    fx: ['bandpass 6000 2q', 'fade q 0.001 0.4 0.39'],
    level: 0.18,
  },
  brush: {
    seconds: 0.3,
    sound: 'pinknoise',
    fx: ['highpass 1800', 'fade q 0.12 0.3 0.18'],
    level: 0.25,
  },
  shaker: {
    seconds: 0.08,
    sound: 'whitenoise',
    fx: ['highpass 4000', 'fade q 0.02 0.08 0.06'],
    level: 0.2,
  },
};

/** Steps per bar and, per drum, the steps it plays on. Brush uses a triplet grid for the swing. */
const KITS: Record<Kit, { steps: number; lanes: Record<string, number[]> }> = {
  rock: {
    steps: 16,
    lanes: { kick: [0, 8, 10], snare: [4, 12], hat: [0, 2, 4, 6, 8, 10, 12, 14] },
  },
  four: {
    steps: 16,
    lanes: {
      kick: [0, 4, 8, 12],
      clap: [4, 12],
      openhat: [2, 6, 10, 14],
      hat: [1, 3, 5, 7, 9, 11, 13, 15],
    },
  },
  lofi: {
    steps: 16,
    lanes: { kick: [0, 7, 10], snare: [4, 12], hat: [0, 2, 4, 6, 8, 10, 12, 14] },
  },
  synthwave: {
    steps: 16,
    lanes: { kick: [0, 8], snare: [4, 12], hat: [0, 2, 4, 6, 8, 10, 12, 14] },
  },
  brush: { steps: 12, lanes: { kick: [0], ride: [0, 3, 5, 6, 9, 11], brush: [3, 9] } },
  shaker: { steps: 16, lanes: { shaker: [0, 2, 4, 6, 8, 10, 12, 14] } },
};

export function drumLayers(
  kit: Kit,
  level: number,
  fx: string[],
  bars: number,
  beat: number,
): Layer[] {
  const { steps, lanes } = KITS[kit];
  const step = (4 * beat) / steps;
  const total = bars * steps;
  return Object.entries(lanes).map(([drum, hits]) => {
    const sound = DRUMS[drum];
    if (!sound) throw new Error(`compose.ts: kit "${kit}" names an unknown drum "${drum}"`);
    const at = Array.from({ length: bars }, (_, b) => hits.map((h) => b * steps + h)).flat();
    const events: NoteEvent[] = [];
    if ((at[0] ?? 0) > 0) events.push(silence((at[0] ?? 0) * step));
    at.forEach((s, i) => {
      const dur = ((at[i + 1] ?? total) - s) * step;
      const len = Math.min(sound.seconds, dur);
      events.push({ dur, len, sound: sound.sound, fx: sound.fx.map((f) => fitFade(f, len)) });
    });
    return { name: drum, level: level * sound.level, events, fx };
  });
}

/** A drum's fade is written for its full length; a hit cut short by the next one fades sooner. */
function fitFade(effect: string, len: number): string {
  const m = /^fade q ([\d.]+) ([\d.]+) ([\d.]+)$/.exec(effect);
  if (!m || Number(m[2]) <= len) return effect;
  const fadeIn = Math.min(Number(m[1]), len / 2);
  return `fade q ${num(fadeIn)} ${num(len)} ${num(len - fadeIn - 0.001)}`;
}
