declare module 'virtual:kazasu-sim-cards' {
  export const demoBundle: import('../../sim/mynumber/demo-card').DemoBundle & {
    readonly residenceCards: readonly import('../../sim/residence-card/rc-demo-card').RcDemoCard[];
  };
}
