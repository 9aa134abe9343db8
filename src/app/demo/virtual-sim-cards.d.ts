declare module 'virtual:kazasu-sim-cards' {
  export const demoBundle: import('../../sim/mynumber/demo-card').DemoBundle & {
    readonly residenceCards: readonly import('../../sim/residence-card/rc-demo-card').RcDemoCard[];
    readonly licenceCards: readonly import('../../sim/licence/licence-demo-card').LicenceDemoCard[];
  };
}
