/**
 * ICAO 9303-3 §5 issuing-state codes → ISO 3166-1 alpha-2, for comparing an MRZ's issuing state
 * with the country of the certificates that signed it. The ISO 3166-1 pairs are generated from
 * Debian's iso-codes 4.15.0 (iso_3166-1.json); the ICAO-only codes follow 9303-3 §5.
 */

/** "AFGAF ALAAX …": each word is alpha-3 followed by alpha-2. */
const ISO_3166_PAIRS =
  'ABWAW AFGAF AGOAO AIAAI ALAAX ALBAL ANDAD AREAE ARGAR ARMAM ASMAS ATAAQ ATFTF ATGAG AUSAU AUTAT ' +
  'AZEAZ BDIBI BELBE BENBJ BESBQ BFABF BGDBD BGRBG BHRBH BHSBS BIHBA BLMBL BLRBY BLZBZ BMUBM BOLBO ' +
  'BRABR BRBBB BRNBN BTNBT BVTBV BWABW CAFCF CANCA CCKCC CHECH CHLCL CHNCN CIVCI CMRCM CODCD COGCG ' +
  'COKCK COLCO COMKM CPVCV CRICR CUBCU CUWCW CXRCX CYMKY CYPCY CZECZ DEUDE DJIDJ DMADM DNKDK DOMDO ' +
  'DZADZ ECUEC EGYEG ERIER ESHEH ESPES ESTEE ETHET FINFI FJIFJ FLKFK FRAFR FROFO FSMFM GABGA GBRGB ' +
  'GEOGE GGYGG GHAGH GIBGI GINGN GLPGP GMBGM GNBGW GNQGQ GRCGR GRDGD GRLGL GTMGT GUFGF GUMGU GUYGY ' +
  'HKGHK HMDHM HNDHN HRVHR HTIHT HUNHU IDNID IMNIM INDIN IOTIO IRLIE IRNIR IRQIQ ISLIS ISRIL ITAIT ' +
  'JAMJM JEYJE JORJO JPNJP KAZKZ KENKE KGZKG KHMKH KIRKI KNAKN KORKR KWTKW LAOLA LBNLB LBRLR LBYLY ' +
  'LCALC LIELI LKALK LSOLS LTULT LUXLU LVALV MACMO MAFMF MARMA MCOMC MDAMD MDGMG MDVMV MEXMX MHLMH ' +
  'MKDMK MLIML MLTMT MMRMM MNEME MNGMN MNPMP MOZMZ MRTMR MSRMS MTQMQ MUSMU MWIMW MYSMY MYTYT NAMNA ' +
  'NCLNC NERNE NFKNF NGANG NICNI NIUNU NLDNL NORNO NPLNP NRUNR NZLNZ OMNOM PAKPK PANPA PCNPN PERPE ' +
  'PHLPH PLWPW PNGPG POLPL PRIPR PRKKP PRTPT PRYPY PSEPS PYFPF QATQA REURE ROURO RUSRU RWARW SAUSA ' +
  'SDNSD SENSN SGPSG SGSGS SHNSH SJMSJ SLBSB SLESL SLVSV SMRSM SOMSO SPMPM SRBRS SSDSS STPST SURSR ' +
  'SVKSK SVNSI SWESE SWZSZ SXMSX SYCSC SYRSY TCATC TCDTD TGOTG THATH TJKTJ TKLTK TKMTM TLSTL TONTO ' +
  'TTOTT TUNTN TURTR TUVTV TWNTW TZATZ UGAUG UKRUA UMIUM URYUY USAUS UZBUZ VATVA VCTVC VENVE VGBVG ' +
  'VIRVI VNMVN VUTVU WLFWF WSMWS YEMYE ZAFZA ZMBZM ZWEZW';

/** ICAO codes that are not ISO alpha-3 (9303-3 §5), and the simulator's specimen state. */
const ICAO_SPECIAL: Readonly<Record<string, string>> = {
  D: 'DE', // Germany
  GBD: 'GB', // British Overseas Territories citizen
  GBN: 'GB', // British National (Overseas)
  GBO: 'GB', // British Overseas citizen
  GBP: 'GB', // British protected person
  GBS: 'GB', // British subject
  RKS: 'XK', // Kosovo (ICAO code; XK is the user-assigned code Kosovo's CSCA uses)
  EUE: 'EU', // European Union laissez-passer
  // Utopia, the specimen state of ICAO 9303's examples; Kazasu's simulator signs it with the
  // user-assigned code XU so it can never match a real country's CSCA.
  UTO: 'XU',
};

let table: Map<string, string> | undefined;

/** Alpha-2 of an MRZ issuing state / nationality code (filler already removed), or undefined. */
export function alpha2OfIcaoCode(code: string): string | undefined {
  if (!table) {
    table = new Map(Object.entries(ICAO_SPECIAL));
    for (const w of ISO_3166_PAIRS.split(' ')) if (w.length === 5) table.set(w.slice(0, 3), w.slice(3));
  }
  return table.get(code.toUpperCase());
}
