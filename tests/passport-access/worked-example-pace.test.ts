/**
 * ICAO Doc 9303-11 PACE worked examples reproduced byte for byte, card library against the
 * simulated chip with the published keys and nonces:
 * - G.1 ECDH Generic Mapping, brainpoolP256r1, AES-128: MSE:Set AT and the four GENERAL
 *   AUTHENTICATE commands and answers, session keys, tokens;
 * - G.2 DH Generic Mapping, RFC 5114 1024-bit group, AES-128: the same, incl. the CAR in DO'87';
 * - I.1 ECDH Chip Authentication Mapping: the same plus the encrypted chip authentication data,
 *   and the terminal's check PK_map,IC = CA_IC · PK_IC with the published ChipAuthenticationPublicKeyInfo;
 * - H.1 / H.2 Integrated Mapping: shared secret, session keys and tokens (the mapping itself is
 *   in pace-mapping-kat.test.ts; H does not publish the password behind its K_π).
 */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex';
import { icaoKdf } from '../../src/cards/secure-messaging/icao-kdf';
import { agree } from '../../src/cards/passport/key-agreement';
import { mrzKeyFromFields } from '../../src/cards/passport/mrz-key';
import { authenticationToken, passwordKey, verifyPaceCam } from '../../src/cards/passport/pace';
import { standardizedGroup, bytesToBigint } from '../../src/cards/passport/domain-parameters';
import { parseSecurityInfos } from '../../src/cards/passport/security-infos';
import { PassportChip } from '../../src/sim/passport/chip/passport-chip';
import { connect, queueRandom } from './helpers';

const h = fromHex;
const G_MRZ = { documentNumber: 'T22000129', birthDate: '640812', expiryDate: '101031' };

describe('9303-11 Appendix G.1 — PACE ECDH-GM brainpoolP256r1 AES-128', () => {
  it('K, K_π, and the APDUs of MSE:Set AT and GENERAL AUTHENTICATE 1–4 byte for byte', async () => {
    const mrz = mrzKeyFromFields(G_MRZ);
    expect(new TextDecoder().decode(mrz.information)).toBe('T22000129364081251010318');
    expect(toHex(passwordKey(mrz, 'aes-128'))).toBe('89DED1B26624EC1E634C1989302849DD');
    const chip = new PassportChip({
      mrz: G_MRZ,
      bac: false,
      pace: [{ oid: '0.4.0.127.0.7.2.2.4.2.2', parameterId: 13 }],
      files: new Map(),
      random: queueRandom(
        h('3F00C4D39D153F2B2A214A078D899B22'),
        h('498FF49756F2DC1587840041839A85982BE7761D14715FB091EFA7BCE9058560'),
        h('107CF58696EF6155053340FD633392BA81909DF7B9706F226F32086C7AFF974A'),
      ),
    });
    const { card, recorder } = await connect(chip, {
      random: queueRandom(h('7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99'), h('A73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595')),
    });
    const detection = await card.detect();
    expect(toHex(detection.cardAccess!)).toBe('31143012060A04007F0007020204020202010202010D');
    const access = await card.authenticate(mrz);
    expect(access).toMatchObject({ method: 'pace', pace: { protocol: '0.4.0.127.0.7.2.2.4.2.2', parameterId: 13, password: 'mrz' } });
    const log = recorder.log;
    // The file is shorter than Le 256: the chip answers what there is with 6282 (ISO 7816-4).
    expect(log[0]).toEqual({ command: '00B09C0000', response: '31143012060A04007F0007020204020202010202010D6282' });
    expect(log[1]).toEqual({ command: '0022C1A40F800A04007F00070202040202830101', response: '9000' });
    expect(log[2]).toEqual({ command: '10860000027C0000', response: '7C12801095A3A016522EE98D01E76CB6B98B42C39000' });
    expect(log[3]).toEqual({
      command: '10860000457C438141047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D00',
      response: '7C43824104824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F5730D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C549000',
    });
    expect(log[4]).toEqual({
      command: '10860000457C438341042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB3646200',
      response: '7C438441049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F0949000',
    });
    expect(log[5]).toEqual({ command: '008600000C7C0A8508C2B0BD78D94BA86600', response: '7C0A86083ABB9674BCE93C089000' });
    // Then SM with the G.1 session keys (SSC 0): the application is selected under AES SM.
    expect(log[6]!.command.startsWith('0CA4040C')).toBe(true);
    expect(log[6]!.response.endsWith('9000')).toBe(true);
  });

  it('session keys and tokens from the published shared secret', () => {
    const k = h('28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925');
    const ksMac = icaoKdf(k, 2, 'aes-128');
    expect(toHex(icaoKdf(k, 1, 'aes-128'))).toBe('F5F0E35C0D7161EE6724EE513A0D9A7F');
    expect(toHex(ksMac)).toBe('FE251C7858B356B24514B3BD5F4297D1');
    const g = standardizedGroup(13);
    const pkIc = h('049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094');
    expect(toHex(authenticationToken('aes-128', ksMac, '0.4.0.127.0.7.2.2.4.2.2', g, pkIc))).toBe('C2B0BD78D94BA866');
  });
});

describe('9303-11 Appendix G.2 — PACE DH-GM, RFC 5114 1024-bit group, AES-128', () => {
  it('MSE:Set AT and GENERAL AUTHENTICATE 1–4 byte for byte (answer with CAR DETESTCVCA00003)', async () => {
    const chip = new PassportChip({
      mrz: G_MRZ,
      bac: false,
      pace: [{ oid: '0.4.0.127.0.7.2.2.4.1.2', parameterId: 0 }],
      files: new Map(),
      certificationAuthorityReference: 'DETESTCVCA00003',
      random: queueRandom(h('FA5B7E3E49753A0DB9178B7B9BD898C8'), h('66DDAFEAC1609CB5B963BB0CB3FF8B3E047F336C'), h('A5B780126B7C980E9FCEA1D4539DA1D27C342DFA')),
    });
    const { card, recorder } = await connect(chip, {
      random: queueRandom(h('5265030F751F4AD18B08AC565FC7AC952E41618D'), h('89CCD99B0E8D3B1F11E1296DCA68EC53411CF2CA')),
    });
    await card.authenticate(mrzKeyFromFields(G_MRZ));
    const log = recorder.log;
    expect(toHex(fromHex(log[0]!.response)).slice(0, -4)).toBe('3114' + '3012060A04007F0007020204010202010202' + '0100');
    expect(log[1]).toEqual({ command: '0022C1A40F800A04007F00070202040102830101', response: '9000' });
    expect(log[2]).toEqual({ command: '10860000027C0000', response: '7C128010854D8DF5827FA6852D1A4FA701CDDDCA9000' });
    expect(log[3]).toEqual({
      command:
        '10860000867C818381818023FB3749EA030D2A25B278D2A562047ADE3F01B74F17A15402CB7352CA7D2B3EB71C343DB13D1DEBCE9A3666DBCFC920B49174A602CB47965CAA73DC702489A44D41DB914DE9613DC5E98C94160551C0DF86274B9359BC0490D01B03AD54022DCB4F57FAD6322497D7A1E28D46710F461AFE710FBBBC5F8BA166F4311975EC6C00',
      response:
        '7C818382818078879F57225AA8080D52ED0FC890A4B25336F699AA89A2D3A189654AF70729E623EA5738B26381E4DA19E004706FACE7B235C2DBF2F38748312F3C98C2DD4882A41947B324AA1259AC22579DB93F7085655AF30889DBB845D9E6783FE42C9F2449400306254C8AE8EE9DD812A804C0B66E8CAFC14F84D8258950A91B44126EE69000',
    });
    expect(log[4]).toEqual({
      command:
        '10860000867C8183838180907D89E2D425A178AA81AF4A7774EC8E388C115CAE67031E85EECE520BD911551B9AE4D04369F29A02626C86FBC6747CC7BC352645B6161A2A42D44EDA80A08FA8D61B76D3A154AD8A5A51786B0BC071470578 71A922212C5F67F431731722 36B7747D1671E6D692A3C7D40A0C3C5CE397545D015C175EB5130551EDBC2EE5D400'.replace(/ /g, ''),
      response:
        '7C81838481800756 93D9AE941877573E634B6E644F8E60AF17A0076B8B123D9201074D36152BD8B3A213F53820C42ADC79AB5D0AEEC3AEFB91394DA476BD97B9B14D0A65C1FC71A0E019CB08AF55E1F729005FBA7E3FA5DC41899238A250767A6D46DB974064386CD456743585F8E5D90CC8B4004B1F6D866C79CE0584E49687FF61BC29AEA19000'.replace(/ /g, ''),
    });
    expect(log[5]).toEqual({
      command: '008600000C7C0A8508B46DD9BD4D98381F00',
      response: '7C1B8608917F37B5C0E6D8D1870F4445544553544356434130303030339000',
    });
  });
});

describe('9303-11 Appendix I.1 — PACE-CAM, ECDH brainpoolP256r1 AES-128', () => {
  const I_MRZ = { documentNumber: 'C11T002JM', birthDate: '960812', expiryDate: '231031' };
  const caInfoDer = h(
    '30620609 04007F00 07020201 02305230 0C060704 007F0007 01020201 0D034200 04187270 9494399E 7470A643 1BE25E83 EEE24FEA 568C2ED2 8DB48E05 DB3A610D C884D256 A40E35EF CB59BF67 53D3A489 D28C7A4D 973C2DA1 38A6E7A4 A08F68E1 6F02010D',
  );

  it('APDUs byte for byte, A_IC decrypted to CA_IC, and PK_map,IC = CA_IC · PK_IC', async () => {
    const mrz = mrzKeyFromFields(I_MRZ);
    expect(toHex(passwordKey(mrz, 'aes-128'))).toBe('4E6F6FBF7BE748B932C7B74161BBA9DF');
    // SK_IC is not printed; it follows from CA_IC = SK_IC⁻¹ · SK_map,IC mod n.
    const bp = standardizedGroup(13);
    if (bp.kind !== 'ec') throw new Error('curve');
    const skMapIc = bytesToBigint(h('9E56A6B59C95D06ECE5CD10F983BB2F4F1943528E577F23881D89D8C3BBEE0AA'));
    const caIc = bytesToBigint(h('85DC3FA93D0952BFA82F5FD189EE75BD82F11D1F0B8ED4BF5319AC9B53C426B3'));
    const skIc = (skMapIc * modInv(caIc, bp.n)) % bp.n;
    const chip = new PassportChip({
      mrz: I_MRZ,
      bac: false,
      pace: [{ oid: '0.4.0.127.0.7.2.2.4.6.2', parameterId: 13 }],
      chipAuthentication: [{ oid: '0.4.0.127.0.7.2.2.3.2.2', groupId: 13, privateKey: skIc, keyId: 13 }],
      files: new Map(),
      random: queueRandom(
        h('658B860BC94DF6F044FCE6D5C82CF8E5'),
        h('9E56A6B59C95D06ECE5CD10F983BB2F4F1943528E577F23881D89D8C3BBEE0AA'),
        h('CD626EF3C256E235FE8912CAC28279E626008EDA6B3A05C4CF862A3BDAB79E78'),
      ),
    });
    const { card, recorder } = await connect(chip, {
      random: queueRandom(h('5D8BB87BD74D985A4B7D4325B9F7B976FE83512277340079 8914AA22738135CC'.replace(/ /g, '')), h('76ECFDAA9841C323A3F5FC5E88B88DB3EFF7E35EBF57A7E6946CB630006C2120')),
    });
    const access = await card.authenticate(mrz);
    const log = recorder.log;
    expect(log[1]).toEqual({ command: '0022C1A40F800A04007F00070202040602830101', response: '9000' });
    expect(log[2]).toEqual({ command: '10860000027C0000', response: '7C1280 10CB60E8E0D85B76A9BD304747C2AD42E29000'.replace(/ /g, '') });
    expect(log[3]).toEqual({
      command: '10860000457C438141047F1D410ADB7DDB3B84BF1030800981A9105D7457B4A3ADE002384F3086C67EDE1AB889104A27DB6D842B019020FBF3CEACB0DC627F7BDCAC29969E19D0E553C100',
      response: '7C43824104A234236AA9B9621E8EFB73B5245C0E09D2576E5277183C1208BDD55280CAE8B304F365713A356E65A451E165ECC9AC0AC46E3771342C8FE5AEDD092685338E239000',
    });
    expect(log[4]).toEqual({
      command: '10860000457C43834104446C934084D9DAB863944F219520076C29EE3F7AE6722B11FF319EC1C7728F955483400BFF60BF0C5929270009277DC2A515E12575010AD9BA916CF1BF86FEFC00',
      response: '7C4384410402AD566F3C6EC7F9324509AD50A51FA52030782A4968FCFEDF737DAEA993333111C3B9B4C2287789BD137E7F8AA882E2A3C633CCD6ECC2C63C57AD401A09C2E19000',
    });
    expect(log[5]).toEqual({
      command: '008600000C7C0A8508E86BD06018A1CD3B00',
      response: '7C3C86088596CF055C67C1A38A301EEA964DAAE372AC990E3EFDE6333353BFC89A6704D93DA8798CF77F5B7A54BD10CBA372B42BE0B9B5F28AA8DE2F4F929000',
    });
    expect(toHex(access.cam!.chipAuthenticationData)).toBe('85DC3FA93D0952BFA82F5FD189EE75BD82F11D1F0B8ED4BF5319AC9B53C426B3');
    // The verifier's step, with PK_IC from the published ChipAuthenticationPublicKeyInfo.
    const infos = parseSecurityInfos(new Uint8Array([0x31, caInfoDer.length, ...caInfoDer]));
    const key = infos.find((i) => i.kind === 'ca-public-key');
    expect(key && key.kind === 'ca-public-key' && key.keyId).toBe(13);
    const pkIc = key && key.kind === 'ca-public-key' ? key.publicKey : new Uint8Array(0);
    expect(toHex(pkIc)).toBe('04187270949439 9E7470A6431BE25E83EEE24FEA568C2ED28DB48E05DB3A610DC884D256A40E35EFCB59BF6753D3A489D28C7A4D973C2DA138A6E7A4A08F68E16F'.replace(/ /g, ''));
    expect(verifyPaceCam(access.cam!, pkIc)).toBe(true);
    // A different (cloned-chip) key does not verify.
    const other = bp.curve.Point.BASE.multiply(12345n).toBytes(false);
    expect(verifyPaceCam(access.cam!, other)).toBe(false);
  });
});

describe('9303-11 Appendix H — Integrated Mapping key agreement, keys and tokens', () => {
  it('H.1 ECDH: K, KS_enc, KS_mac, T_IC and T_IFD', () => {
    const g = standardizedGroup(13);
    const pkIc = h('0467F78E5F7F7686082B293E8D087E056916D0F74BC01A5F8957D0DE45691E51E8932B69A962B52A0985AD2C0A271EE6A13A8ADDDCD1A3A994B9DED257F4D22753');
    const pkIfd = h('0489CBA23FFE96AA18D824627C3E934E54A9FD0B87A95D1471DC1C0ABFDCD640D46755DE9B7B778280B6BEBD57439ADFEB0E21FD4ED6DF42578C13418A59B34C37');
    const k = agree(g, bytesToBigint(h('A73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595')), pkIc);
    expect(toHex(k)).toBe('4F150FDE1D4F0E38E95017B891BAE17133A0DF45B0D3E18B60BA7BEAFDC2C713');
    const ksMac = icaoKdf(k, 2, 'aes-128');
    expect(toHex(icaoKdf(k, 1, 'aes-128'))).toBe('0D3FEB33251A6370893D62AE8DAAF51B');
    expect(toHex(ksMac)).toBe('B01E89E3D9E8719E586B50B4A7506E0B');
    const oid = '0.4.0.127.0.7.2.2.4.4.2';
    expect(toHex(authenticationToken('aes-128', ksMac, oid, g, pkIfd))).toBe('75D4D96E8D5B0308');
    expect(toHex(authenticationToken('aes-128', ksMac, oid, g, pkIc))).toBe('450F02B86F6A0909');
  });

  it('H.2 DH: KS_enc, KS_mac, T_IC and T_IFD', () => {
    const g = standardizedGroup(0);
    const k = h(
      '419410D6C0A17A4C07C54872CE1CBCEB0A2705C1A434C8A89A4CFE41F1D78124CA7EC52BDE7615E5345E48AB1ABB6E7D1D59A57F3174084D3CA4570397C1F62228BDFDB2DA191EA2239E2C060DBE3BBC23C2FCD0AF12E0F9E0B99FCF91FF1959011D5798B2FCBC1F14FCC24E441F4C8F9B08D977E9498560E63E7FFAB3134EA7',
    );
    const ksMac = icaoKdf(k, 2, 'aes-128');
    expect(toHex(icaoKdf(k, 1, 'aes-128'))).toBe('01AFC10CF87BE36D8179E87370171F07');
    expect(toHex(ksMac)).toBe('23F0FBD05FD6C7B8B88F4C8309669061');
    const pkIfd = h(
      '0F0CC62945A8029251FB7EF3C094E12EC68E4EF07F27CB9D9CD04C5C4250FAE0E4F8A951557E929AEB48E5C6DD47F2F5CD7C351A9BD2CD722C07EDE166770F08FFCB370262CF308DD7B07F2E0DA9CAAA1492344C852906919538C98A4BA4187E76CE9D87832386D319CE2E043C3343AEAE6EDBA1A9894DC5094D22F7FE1351D5',
    );
    const pkIc = h(
      '928D9A0F9DBA450F13FC859C6F290D1D36E42431138A4378500BEB4E0401854CFF111F71CB6DC1D0335807A11388CC8EAA87B07907AAD9FBA6B169AF6D8C26AF8DDDC39ADC3AD2E3FF882B84D23E9768E95A80E4746FB07A9767679FE92133B4D379935C771BD7FBED6C7BB4B1708B275EA75679524CDC9C6A91370CC662A2F3',
    );
    const oid = '0.4.0.127.0.7.2.2.4.3.2';
    expect(toHex(authenticationToken('aes-128', ksMac, oid, g, pkIfd))).toBe('C2F04230187E1525');
    expect(toHex(authenticationToken('aes-128', ksMac, oid, g, pkIc))).toBe('55D61977CBF5307E');
  });
});

function modInv(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}
