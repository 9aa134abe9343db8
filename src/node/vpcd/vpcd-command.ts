import { toHex } from '../../bytes/hex';
import { simulatedCard } from '../sim-documents';
import { VpcdClient, VPCD_DEFAULT_HOST, VPCD_DEFAULT_PORT } from './vpcd-client';

/**
 * `kazasu sim vpcd <profile|file.json> [--host h] [--port p]` — run the simulated card as a
 * vsmartcard vpcd client until Ctrl-C, so real PC/SC software (pcscd + vpcd reader "Virtual
 * PCD") sees it. Logs connection events and status words, never command data (it may hold a PIN).
 */
export async function simVpcd(args: readonly string[], print: (s: string) => void): Promise<number> {
  const [ref, ...opts] = args;
  let host = VPCD_DEFAULT_HOST;
  let port = VPCD_DEFAULT_PORT;
  for (let i = 0; i < opts.length; i += 2) {
    const value = opts[i + 1];
    if (opts[i] === '--host' && value) host = value;
    else if (opts[i] === '--port' && value && /^\d+$/.test(value) && Number(value) < 65536) port = Number(value);
    else {
      print('usage: kazasu sim vpcd <profile|file.json> [--host 127.0.0.1] [--port 35963]');
      return 2;
    }
  }
  if (ref === undefined) {
    print('usage: kazasu sim vpcd <profile|file.json> [--host 127.0.0.1] [--port 35963]');
    return 2;
  }
  // Any document's profile (a My Number Card, a residence card of either generation and kind).
  const sim = await simulatedCard(ref);
  const profile = { id: sim.profileId };
  const client = new VpcdClient(sim.responder, {
    host,
    port,
    atr: sim.atr,
    onEvent: (e) => {
      if (e.type === 'connecting') print(`connecting to vpcd at ${e.host}:${e.port} …`);
      else if (e.type === 'connected') print(`simulated ${sim.document} "${profile.id}" inserted (ATR ${toHex(sim.atr)})`);
      else if (e.type === 'disconnected' && e.willRetry) print(`disconnected${e.error ? `: ${e.error.message}` : ''}; retrying`);
      else if (e.type === 'apdu') print(`APDU ${toHex(e.command.subarray(0, 4))} → SW ${toHex(e.response.subarray(-2))}`);
      else if (e.type === 'error') print(`error: ${e.error.message}`);
    },
  });
  client.start();
  await new Promise<void>((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
  await client.stop();
  print('card removed');
  return 0;
}
