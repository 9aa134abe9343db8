import { parseArgs, UsageError } from '../cli/cli-args';
import { simulatedCard } from '../sim-documents';
import { bridgeConfigPath, loadOrCreateBridgeConfig, newPairingToken, saveBridgeConfig } from './bridge-config';
import { BRIDGE_DEFAULT_PORT, normaliseOrigin, startBridgeServer } from './bridge-server';
import type { PcscService } from './pcsc-service';
import { openPcscliteService } from './pcsclite-service';
import { SimulatedPcscService } from './simulated-pcsc-service';

export const BRIDGE_USAGE = `kazasu bridge [--port ${BRIDGE_DEFAULT_PORT}] [--host 127.0.0.1|::1] [--allow-origin <origin>[,<origin>…]]
              [--sim <profile|file.json>] [--short-apdus] [--show-token] [--new-token]`;

/**
 * `kazasu bridge` — serve the PC/SC readers to the kiosk page over a loopback WebSocket until
 * Ctrl-C. --allow-origin replaces the saved allow-list; --sim serves a simulated card instead of
 * PC/SC; --short-apdus tells the page the readers do not pass extended-length APDUs.
 */
export async function bridgeCommand(argv: readonly string[], print: (s: string) => void): Promise<number> {
  const { positional, flags } = parseArgs(argv, ['port', 'host', 'allow-origin', 'sim'], ['short-apdus', 'show-token', 'new-token']);
  if (positional.length > 0) throw new UsageError(`unexpected argument ${positional[0]}\n${BRIDGE_USAGE}`);
  const path = bridgeConfigPath();
  let { config, created } = await loadOrCreateBridgeConfig(path);
  if (flags.has('new-token')) {
    config = { ...config, token: newPairingToken() };
    await saveBridgeConfig(path, config);
    print(`new pairing token (enter it in the kiosk's settings): ${config.token}`);
    return 0;
  }
  if (flags.has('show-token')) {
    print(config.token);
    return 0;
  }
  const originFlag = flags.get('allow-origin');
  if (typeof originFlag === 'string') {
    config = { ...config, allowedOrigins: originFlag.split(',').map((o) => normaliseOrigin(o.trim())) };
    await saveBridgeConfig(path, config);
  }
  const portFlag = flags.get('port');
  const port = typeof portFlag === 'string' ? Number(portFlag) : BRIDGE_DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError('--port must be 0–65535');

  const simRef = flags.get('sim');
  let service: PcscService;
  if (typeof simRef === 'string') {
    // Any document's simulated card (My Number Card, residence card of either generation).
    service = new SimulatedPcscService((await simulatedCard(simRef)).responder);
  } else {
    service = openPcscliteService();
  }
  const host = flags.get('host');
  const bridge = await startBridgeServer({
    service,
    token: config.token,
    allowedOrigins: config.allowedOrigins,
    ...(typeof host === 'string' ? { host } : {}),
    port,
    extendedLength: !flags.has('short-apdus'),
    log: (line) => print(line),
  });
  service.onEvent((e) => print(`${e.type}: ${e.reader}`));
  if (created) print(`created ${path} with a new pairing token: ${config.token}\nEnter it in the kiosk's settings (設定 → PC/SCブリッジ).`);
  print(`kazasu bridge listening on ${bridge.url} for ${config.allowedOrigins.join(', ')} (${typeof simRef === 'string' ? 'simulated card' : 'PC/SC'})`);
  print(`pairing token: kazasu bridge --show-token   (config: ${path})`);
  await new Promise<void>((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
  await bridge.close();
  await service.close();
  print('bridge stopped');
  return 0;
}
