declare module 'virtual:kazasu-sim-cards' {
  export const demoBundle: import('../../sim/mynumber/demo-card').DemoBundle;
}
