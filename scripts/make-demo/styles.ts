/**
 * How each demo artist sounds: key, tempo, instruments (sox `synth` waveforms plus effects), chord
 * habits and drum kit. Distinct timbre, tempo and key per artist is what makes the artists tell
 * apart by ear, and what gives the recommender demo something real to separate.
 */
export type StyleName =
  'ambient' | 'piano' | 'lofi' | 'indie' | 'folk' | 'jazz' | 'synthwave' | 'techno';

export type Wave = 'sine' | 'square' | 'triangle' | 'sawtooth' | 'pluck';

export interface Voice {
  wave: Wave;
  /** Octave of the key's root (4 = middle C's octave). */
  octave: number;
  /** Mix level before the final normalisation. */
  level: number;
  /** Seconds of fade in, and the fraction of each note spent fading out. */
  attack: number;
  release: number;
  /** sox effects applied to every note of this voice, e.g. `overdrive 8`. */
  fx?: string[];
}

export type ChordPattern = 'pad' | 'strum' | 'arp8' | 'arp16' | 'stab' | 'alberti';
export type BassPattern = 'whole' | 'half' | 'pulse8' | 'walk' | 'offbeat8' | 'octave8';
export type Kit = 'rock' | 'four' | 'brush' | 'lofi' | 'synthwave' | 'shaker';

export interface Style {
  bpm: [number, number];
  /** Candidate key roots as MIDI note numbers of octave 4 (60 = C). */
  roots: number[];
  scale: 'major' | 'minor' | 'dorian';
  /** Chord progressions as 0-based scale degrees, one chord per `beatsPerChord`. */
  progressions: number[][];
  beatsPerChord: number;
  sevenths: boolean;
  /** Beat lengths of one bar of melody (each cell sums to 4); the melody draws from these. */
  rhythms: number[][];
  restChance: number;
  /** Repeat a one-bar motif instead of writing a long line (techno and synthwave loops). */
  loop: boolean;
  lead: Voice;
  chords?: Voice & { pattern: ChordPattern };
  bass?: Voice & { pattern: BassPattern };
  drums?: { kit: Kit; level: number; fx?: string[] };
  /** Tape hiss level for the lo-fi sound, 0 for none. */
  hiss: number;
  /** sox effects on the whole mix. */
  master: string[];
}

export const SCALES: Record<Style['scale'], number[]> = {
  major: [0, 2, 4, 5, 7, 9, 11],
  minor: [0, 2, 3, 5, 7, 8, 10],
  dorian: [0, 2, 3, 5, 7, 9, 10],
};

export const styles: Record<StyleName, Style> = {
  ambient: {
    bpm: [56, 66],
    roots: [62, 64, 57],
    scale: 'major',
    progressions: [
      [0, 3, 5, 4],
      [0, 4, 5, 3],
      [3, 0, 4, 0],
    ],
    beatsPerChord: 4,
    sevenths: true,
    rhythms: [[4], [2, 2], [3, 1], [1, 3]],
    restChance: 0.25,
    loop: false,
    lead: { wave: 'sine', octave: 5, level: 0.5, attack: 0.6, release: 0.5, fx: ['tremolo 4 20'] },
    chords: {
      wave: 'triangle',
      octave: 4,
      level: 0.35,
      attack: 1.2,
      release: 0.6,
      pattern: 'pad',
      fx: ['lowpass 1800'],
    },
    bass: { wave: 'sine', octave: 2, level: 0.45, attack: 0.8, release: 0.4, pattern: 'whole' },
    hiss: 0,
    master: ['reverb 90 50 100 100 20', 'lowpass 5000'],
  },
  piano: {
    bpm: [68, 88],
    roots: [60, 63, 57, 55],
    scale: 'major',
    progressions: [
      [0, 5, 3, 4],
      [0, 3, 4, 0],
      [5, 3, 0, 4],
    ],
    beatsPerChord: 4,
    sevenths: false,
    rhythms: [
      [1, 1, 2],
      [0.5, 0.5, 1, 2],
      [1.5, 0.5, 1, 1],
      [2, 1, 1],
    ],
    restChance: 0.05,
    loop: false,
    lead: { wave: 'pluck', octave: 5, level: 0.6, attack: 0.003, release: 0.3 },
    chords: {
      wave: 'pluck',
      octave: 3,
      level: 0.4,
      attack: 0.003,
      release: 0.3,
      pattern: 'alberti',
    },
    hiss: 0,
    master: ['reverb 55 50 80'],
  },
  lofi: {
    bpm: [70, 84],
    roots: [58, 63, 65],
    scale: 'major',
    progressions: [
      [1, 4, 0, 5],
      [3, 2, 1, 4],
      [0, 5, 1, 4],
    ],
    beatsPerChord: 4,
    sevenths: true,
    rhythms: [
      [1.5, 0.5, 2],
      [1, 0.5, 0.5, 2],
      [2.5, 1.5],
    ],
    restChance: 0.3,
    loop: false,
    lead: {
      wave: 'triangle',
      octave: 5,
      level: 0.4,
      attack: 0.02,
      release: 0.4,
      fx: ['lowpass 2200'],
    },
    chords: {
      wave: 'sine',
      octave: 4,
      level: 0.3,
      attack: 0.05,
      release: 0.3,
      pattern: 'pad',
      fx: ['tremolo 3 15'],
    },
    bass: { wave: 'sine', octave: 2, level: 0.5, attack: 0.01, release: 0.3, pattern: 'half' },
    drums: { kit: 'lofi', level: 0.5, fx: ['lowpass 3000'] },
    hiss: 0.04,
    master: ['lowpass 3800', 'reverb 30'],
  },
  indie: {
    bpm: [118, 138],
    roots: [64, 67, 62],
    scale: 'major',
    progressions: [
      [0, 4, 5, 3],
      [5, 3, 0, 4],
      [0, 3, 0, 4],
    ],
    beatsPerChord: 4,
    sevenths: false,
    rhythms: [
      [0.5, 0.5, 1, 1, 1],
      [1, 0.5, 0.5, 2],
      [0.5, 1, 0.5, 1, 1],
      [1.5, 0.5, 1, 1],
    ],
    restChance: 0.1,
    loop: false,
    lead: {
      wave: 'square',
      octave: 4,
      level: 0.35,
      attack: 0.01,
      release: 0.2,
      fx: ['lowpass 2500', 'overdrive 6'],
    },
    chords: {
      wave: 'sawtooth',
      octave: 3,
      level: 0.3,
      attack: 0.005,
      release: 0.2,
      pattern: 'strum',
      fx: ['overdrive 12', 'lowpass 2200'],
    },
    bass: {
      wave: 'square',
      octave: 2,
      level: 0.4,
      attack: 0.005,
      release: 0.2,
      pattern: 'pulse8',
      fx: ['lowpass 600'],
    },
    drums: { kit: 'rock', level: 0.7 },
    hiss: 0,
    master: ['reverb 25'],
  },
  folk: {
    bpm: [84, 100],
    roots: [67, 62, 60],
    scale: 'major',
    progressions: [
      [0, 3, 0, 4],
      [0, 5, 3, 4],
      [3, 0, 4, 0],
    ],
    beatsPerChord: 4,
    sevenths: false,
    rhythms: [
      [1, 1, 2],
      [1, 0.5, 0.5, 2],
      [2, 1, 1],
      [1.5, 0.5, 2],
    ],
    restChance: 0.1,
    loop: false,
    lead: {
      wave: 'triangle',
      octave: 5,
      level: 0.45,
      attack: 0.05,
      release: 0.3,
      fx: ['tremolo 5 12'],
    },
    chords: { wave: 'pluck', octave: 3, level: 0.45, attack: 0.003, release: 0.2, pattern: 'arp8' },
    bass: { wave: 'pluck', octave: 2, level: 0.4, attack: 0.003, release: 0.3, pattern: 'half' },
    drums: { kit: 'shaker', level: 0.3 },
    hiss: 0,
    master: ['reverb 40'],
  },
  jazz: {
    bpm: [104, 128],
    roots: [65, 70, 63],
    scale: 'dorian',
    progressions: [
      [1, 4, 0, 5],
      [0, 5, 1, 4],
      [2, 5, 1, 4],
    ],
    beatsPerChord: 4,
    sevenths: true,
    rhythms: [
      [2 / 3, 1 / 3, 2 / 3, 1 / 3, 2],
      [1, 2 / 3, 1 / 3, 2],
      [1.5, 0.5, 2 / 3, 1 / 3, 1],
      [2, 2 / 3, 1 / 3, 1],
    ],
    restChance: 0.15,
    loop: false,
    lead: {
      wave: 'sine',
      octave: 5,
      level: 0.45,
      attack: 0.005,
      release: 0.5,
      fx: ['tremolo 6 35'],
    },
    chords: { wave: 'pluck', octave: 4, level: 0.3, attack: 0.003, release: 0.3, pattern: 'stab' },
    bass: { wave: 'pluck', octave: 2, level: 0.55, attack: 0.003, release: 0.2, pattern: 'walk' },
    drums: { kit: 'brush', level: 0.4 },
    hiss: 0,
    master: ['reverb 30'],
  },
  synthwave: {
    bpm: [92, 108],
    roots: [57, 59, 62],
    scale: 'minor',
    progressions: [
      [0, 5, 2, 6],
      [0, 6, 5, 6],
      [5, 6, 0, 0],
    ],
    beatsPerChord: 4,
    sevenths: false,
    rhythms: [
      [1, 1, 1, 1],
      [0.5, 0.5, 1, 2],
      [1.5, 1.5, 1],
    ],
    restChance: 0.05,
    loop: true,
    lead: {
      wave: 'sawtooth',
      octave: 5,
      level: 0.35,
      attack: 0.02,
      release: 0.3,
      fx: ['lowpass 2800'],
    },
    chords: {
      wave: 'square',
      octave: 4,
      level: 0.25,
      attack: 0.005,
      release: 0.4,
      pattern: 'arp16',
      fx: ['lowpass 1600'],
    },
    bass: {
      wave: 'sawtooth',
      octave: 2,
      level: 0.45,
      attack: 0.005,
      release: 0.25,
      pattern: 'octave8',
      fx: ['lowpass 900'],
    },
    drums: { kit: 'synthwave', level: 0.6, fx: ['reverb 40'] },
    hiss: 0,
    master: ['chorus 0.6 0.9 50 0.4 0.25 2 -t', 'reverb 35'],
  },
  techno: {
    bpm: [124, 132],
    roots: [53, 55, 58],
    scale: 'minor',
    progressions: [
      [0, 0, 0, 0],
      [0, 0, 5, 6],
      [0, 3, 0, 3],
    ],
    beatsPerChord: 8,
    sevenths: false,
    rhythms: [
      [0.75, 0.75, 0.5, 0.75, 0.75, 0.5],
      [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1],
      [0.25, 0.75, 0.5, 0.5, 1, 1],
    ],
    restChance: 0.2,
    loop: true,
    lead: {
      wave: 'square',
      octave: 4,
      level: 0.25,
      attack: 0.002,
      release: 0.6,
      fx: ['lowpass 1400', 'overdrive 4'],
    },
    bass: {
      wave: 'sawtooth',
      octave: 2,
      level: 0.45,
      attack: 0.003,
      release: 0.3,
      pattern: 'offbeat8',
      fx: ['lowpass 700'],
    },
    drums: { kit: 'four', level: 0.9 },
    hiss: 0,
    master: ['reverb 15'],
  },
};
