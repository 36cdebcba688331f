/**
 * Writes one short piece for a style: a chord progression, a melody built as a motif and its
 * sequence over the following chords (the usual way a tune hangs together), bass, chords and
 * drums. The result is a list of layers of timed events that render.ts turns into sox commands.
 */
import type { Rng } from './rng';
import { drumLayers } from './drums';
import { SCALES, type Style, type Voice } from './styles';

/** `sound` is what follows `synth LEN` in sox (waveform and frequency); no sound is a rest. */
export interface NoteEvent {
  dur: number;
  len?: number;
  sound?: string;
  fx?: string[];
}

export interface Layer {
  name: string;
  level: number;
  events: NoteEvent[];
  /** sox effects on the whole layer once rendered (a reverb tail must not stop at each hit). */
  fx?: string[];
}

export interface Arrangement {
  seconds: number;
  bpm: number;
  layers: Layer[];
  master: string[];
}

const num = (x: number): string => x.toFixed(4);
const hz = (midi: number): string => (440 * 2 ** ((midi - 69) / 12)).toFixed(2);

function note(voice: Voice, midi: number, dur: number): NoteEvent {
  // sox refuses fades that overlap, and the printed values are rounded: keep a millisecond spare
  const fadeIn = Math.min(voice.attack, dur * 0.45);
  const fadeOut = Math.max(0.002, Math.min(dur * voice.release, dur - fadeIn - 0.001));
  return {
    dur,
    sound: `${voice.wave} ${hz(midi)}`,
    fx: [...(voice.fx ?? []), `fade q ${num(fadeIn)} ${num(dur)} ${num(fadeOut)}`],
  };
}

const rest = (dur: number): NoteEvent => ({ dur });

export function compose(style: Style, rng: Rng, seconds: number): Arrangement {
  const bpm = rng.int(style.bpm[0], style.bpm[1]);
  const beat = 60 / bpm;
  const root = rng.pick(style.roots);
  const scale = SCALES[style.scale];
  const progression = rng.pick(style.progressions);
  const bars = Math.ceil((seconds + 0.5) / (4 * beat));

  /** MIDI note of a scale degree (any integer) in a voice's octave. */
  const pitch = (degree: number, octave: number): number =>
    root + 12 * (octave - 4) + 12 * Math.floor(degree / 7) + (scale[((degree % 7) + 7) % 7] ?? 0);
  const chordDegreeAt = (beatIndex: number): number =>
    progression[Math.floor(beatIndex / style.beatsPerChord) % progression.length] ?? 0;
  const chordTones = (degree: number): number[] =>
    style.sevenths
      ? [degree, degree + 2, degree + 4, degree + 6]
      : [degree, degree + 2, degree + 4];

  const layers: Layer[] = [
    {
      name: 'lead',
      level: style.lead.level,
      events: melody(style, rng, bars, chordDegreeAt, chordTones, pitch).map((e) =>
        e.sound ? note(style.lead, Number(e.sound), e.dur * beat) : rest(e.dur * beat),
      ),
    },
  ];
  if (style.chords)
    layers.push(...chordLayers(style.chords, rng, bars, beat, chordDegreeAt, chordTones, pitch));
  if (style.bass)
    layers.push(bassLayer(style.bass, bars, beat, style.beatsPerChord, chordDegreeAt, pitch));
  if (style.drums)
    layers.push(
      ...drumLayers(style.drums.kit, style.drums.level, style.drums.fx ?? [], bars, beat),
    );
  if (style.hiss > 0) {
    layers.push({
      name: 'hiss',
      level: style.hiss,
      events: [{ dur: bars * 4 * beat, sound: 'pinknoise', fx: ['highpass 800', 'lowpass 5000'] }],
    });
  }
  return { seconds, bpm, layers, master: style.master };
}

/** The melody in beats, `sound` holding a MIDI note number; compose() turns it into seconds. */
function melody(
  style: Style,
  rng: Rng,
  bars: number,
  chordDegreeAt: (beat: number) => number,
  chordTones: (d: number) => number[],
  pitch: (d: number, octave: number) => number,
): NoteEvent[] {
  // The motif: one bar for loop styles, two for the others, written over the opening chords.
  const motifBars = style.loop ? 1 : 2;
  const motif: { bar: number; start: number; beats: number; degree: number | null }[] = [];
  let degree = rng.pick(chordTones(chordDegreeAt(0)));
  for (let bar = 0; bar < motifBars; bar++) {
    let pos = 0;
    for (const beats of rng.pick(style.rhythms)) {
      const at = bar * 4 + pos;
      if (pos > 0 && rng.chance(style.restChance)) {
        motif.push({ bar, start: pos, beats, degree: null });
      } else {
        degree += [-2, -1, -1, 0, 1, 1, 2, 3][rng.int(0, 7)] ?? 0;
        if (Number.isInteger(pos) && pos % 2 === 0) {
          // strong beats land on a chord tone, the nearest one to where the line was heading
          const tones = chordTones(chordDegreeAt(at)).flatMap((t) => [t - 7, t, t + 7]);
          degree = tones.reduce((best, t) =>
            Math.abs(t - degree) < Math.abs(best - degree) ? t : best,
          );
        }
        degree = Math.max(-3, Math.min(9, degree));
        motif.push({ bar, start: pos, beats, degree });
      }
      pos += beats;
    }
  }
  // The tune: the motif again and again, shifted to follow the chord under each repetition.
  const events: NoteEvent[] = [];
  for (let bar = 0; bar < bars; bar++) {
    const source = bar % motifBars;
    const shift = chordDegreeAt(bar * 4) - chordDegreeAt(source * 4);
    const last = bar === bars - 1;
    for (const n of motif.filter((m) => m.bar === source)) {
      if (n.degree === null) events.push(rest(n.beats));
      else
        events.push({
          dur: n.beats,
          sound: String(pitch(n.degree + (style.loop ? 0 : shift), style.lead.octave)),
        });
    }
    if (last && !style.loop) {
      // end on the home note, held: a final cadence rather than a cut-off loop
      const held = events.splice(events.length - motif.filter((m) => m.bar === source).length);
      const beats = held.reduce((s, e) => s + e.dur, 0);
      events.push({ dur: beats, sound: String(pitch(0, style.lead.octave)) });
    }
  }
  return events;
}

function chordLayers(
  voice: Voice & { pattern: string },
  rng: Rng,
  bars: number,
  beat: number,
  chordDegreeAt: (beat: number) => number,
  chordTones: (d: number) => number[],
  pitch: (d: number, octave: number) => number,
): Layer[] {
  const totalBeats = bars * 4;
  const tonesAt = (b: number): number[] =>
    chordTones(chordDegreeAt(b)).map((d) => pitch(d, voice.octave));
  const arpeggio = (stepBeats: number, order: number[]): Layer => {
    const events: NoteEvent[] = [];
    for (let i = 0; i * stepBeats < totalBeats; i++) {
      const tones = tonesAt(i * stepBeats);
      const k = order[i % order.length] ?? 0;
      const midi = (tones[k % tones.length] ?? 0) + 12 * Math.floor(k / tones.length);
      events.push(note(voice, midi, stepBeats * beat));
    }
    return { name: 'chords', level: voice.level, events };
  };
  switch (voice.pattern) {
    case 'arp8':
      return [arpeggio(0.5, [0, 2, 1, 2, 3, 2, 1, 2])];
    case 'arp16':
      return [arpeggio(0.25, [0, 1, 2, 3, 2, 1])];
    case 'alberti':
      return [arpeggio(0.5, [0, 2, 1, 2])];
    default: {
      // block chords: one layer per chord tone, all with the same rhythm
      const bar: [number, boolean][][] =
        voice.pattern === 'pad'
          ? [[[4, true]]]
          : voice.pattern === 'strum'
            ? [
                [
                  [1, true],
                  [0.5, true],
                  [1, true],
                  [0.5, true],
                  [1, true],
                ],
              ]
            : [
                [
                  [1.5, false],
                  [0.5, true],
                  [2, true],
                ],
                [
                  [1, true],
                  [1.5, false],
                  [1.5, true],
                ],
                [
                  [2 / 3, false],
                  [1 / 3, true],
                  [2, false],
                  [1, true],
                ],
              ];
      const rhythm = Array.from({ length: bars }, () => rng.pick(bar));
      const voices = tonesAt(0).length;
      return Array.from({ length: voices }, (_, v) => {
        // a guitar strum reaches each string a few milliseconds after the last
        const events: NoteEvent[] = voice.pattern === 'strum' ? [rest(0.012 * (v + 1))] : [];
        rhythm.forEach((cells, b) => {
          let pos = b * 4;
          for (const [beats, play] of cells) {
            const midi = tonesAt(pos)[v] ?? 0;
            events.push(play ? note(voice, midi, beats * beat) : rest(beats * beat));
            pos += beats;
          }
        });
        return { name: `chords${v}`, level: voice.level / Math.sqrt(voices), events };
      });
    }
  }
}

function bassLayer(
  voice: Voice & { pattern: string },
  bars: number,
  beat: number,
  beatsPerChord: number,
  chordDegreeAt: (beat: number) => number,
  pitch: (d: number, octave: number) => number,
): Layer {
  const events: NoteEvent[] = [];
  const totalBeats = bars * 4;
  const rootAt = (b: number): number => pitch(chordDegreeAt(b), voice.octave);
  for (let b = 0; b < totalBeats;) {
    const r = rootAt(b);
    switch (voice.pattern) {
      case 'whole':
        events.push(note(voice, r, Math.min(beatsPerChord, 4) * beat));
        b += Math.min(beatsPerChord, 4);
        break;
      case 'half':
        events.push(note(voice, r, 2 * beat), note(voice, r + 7, 2 * beat));
        b += 4;
        break;
      case 'walk': {
        // root, two steps up the scale, then a semitone above or below the next chord's root
        const d = chordDegreeAt(b);
        const next = rootAt(b + 4);
        events.push(
          note(voice, r, beat),
          note(voice, pitch(d + 1, voice.octave), beat),
          note(voice, pitch(d + 2, voice.octave), beat),
          note(voice, next + (next > r ? -1 : 1), beat),
        );
        b += 4;
        break;
      }
      case 'offbeat8':
        events.push(rest(0.5 * beat), note(voice, r, 0.5 * beat));
        b += 1;
        break;
      case 'octave8':
        events.push(note(voice, r, 0.5 * beat), note(voice, r + 12, 0.5 * beat));
        b += 1;
        break;
      default:
        events.push(note(voice, r, 0.5 * beat));
        b += 0.5;
    }
  }
  return { name: 'bass', level: voice.level, events };
}
