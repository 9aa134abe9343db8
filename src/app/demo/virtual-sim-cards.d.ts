declare module 'virtual:kazasu-sim-cards' {
  import type { DemoCard } from '../../sim/mynumber/demo-card';
  export const demoCards: readonly DemoCard[];
}
