/**
 * NANP area codes (NPA) → where the number is: a US state or territory with the IANA zones it spans, a US
 * non-geographic code, or another NANP country.
 *
 * Built on 2026-11-25 from libphonenumber-js 1.13.16 ("max" metadata: which NPAs are valid and in which country)
 * and Google libphonenumber's geocoding and time-zone prefix data (Apache-2.0; NPA zones = union of the zones of
 * every NPA-NXX prefix; tests/compliance/area-code-zones.test.ts checks every NPA against that data again).
Corrections to that data, each fail-closed (a zone added, never one dropped, except 689 and 907):
 *   448, 930, 458, 364: overlays of 850, 812, 541, 270, so they span the same zones as their parent;
 *   689: Orlando overlay of 407, Eastern (the source said Central);
 *   907: all of Alaska, Anchorage/Juneau time and the Aleutians (the source gives one exchange Honolulu);
 *   334: Phenix City (Lee/Russell counties, AL) keeps Eastern time unofficially;
 *   432: Culberson County, TX keeps Mountain time unofficially.
 * Rebuild when NANPA opens a new area code: an NPA missing here makes every number in it INVALID_PHONE.
 */

const ZONE: Readonly<Record<string, string>> = {
  E: 'America/New_York',
  C: 'America/Chicago',
  M: 'America/Denver',
  MB: 'America/Boise',
  NDC: 'America/North_Dakota/Center',
  AZ: 'America/Phoenix',
  P: 'America/Los_Angeles',
  AK: 'America/Anchorage',
  AKJ: 'America/Juneau',
  HA: 'America/Adak',
  H: 'Pacific/Honolulu',
  PR: 'America/Puerto_Rico',
  VI: 'America/St_Thomas',
  GU: 'Pacific/Guam',
  MP: 'Pacific/Saipan',
  AS: 'Pacific/Pago_Pago',
};

/** [state or territory, zone keys, NPAs]. 201 is listed under NJ and NY: some of its exchanges serve both. */
const US_GEOGRAPHIC: ReadonlyArray<readonly [string, string, string]> = [
  ['AK', 'AK AKJ HA', '907'],
  ['AL', 'C E', '334'],
  ['AL', 'C', '205 251 256 659 938'],
  ['AR', 'C', '327 479 501 870'],
  ['AS', 'AS', '684'],
  ['AZ', 'AZ M', '928'],
  ['AZ', 'AZ', '480 520 602 623'],
  [
    'CA',
    'P',
    '209 213 279 310 323 341 350 369 408 415 424 442 510 530 559 562 619 626 628 650 657 661 669 707 714 738 747 760 805 818 820 831 840 858 909 916 925 949 951',
  ],
  ['CO', 'M', '303 719 720 748 970 983'],
  ['CT', 'E', '203 475 860 959'],
  ['DC', 'E', '202 771'],
  ['DE', 'E', '302'],
  ['FL', 'C E', '448 850'],
  ['FL', 'E', '239 305 321 324 352 386 407 561 645 656 689 727 728 754 772 786 813 863 904 941 954'],
  ['GA', 'E', '229 404 470 478 678 706 762 770 912 943'],
  ['GU', 'GU', '671'],
  ['HI', 'H', '808'],
  ['IA', 'C', '319 515 563 641 712'],
  ['ID', 'M MB P', '208'],
  ['ID', 'MB P', '986'],
  ['IL', 'C', '217 224 309 312 331 447 464 618 630 708 730 773 779 815 847 872'],
  ['IN', 'C E', '219 574 812 930'],
  ['IN', 'E', '260 317 463 765'],
  ['KS', 'C M', '620 785'],
  ['KS', 'C', '316 913'],
  ['KY', 'C E', '270 364 606'],
  ['KY', 'E', '502 859'],
  ['LA', 'C', '225 318 337 504 985'],
  ['MA', 'E', '339 351 413 508 617 774 781 857 978'],
  ['MD', 'E', '227 240 301 410 443 667'],
  ['ME', 'E', '207'],
  ['MI', 'C E', '906'],
  ['MI', 'E', '231 248 269 313 517 586 616 734 810 947 989'],
  ['MN', 'C', '218 320 507 612 651 763 952'],
  ['MO', 'C', '235 314 417 557 573 636 660 816 975'],
  ['MP', 'MP', '670'],
  ['MS', 'C', '228 601 662 769'],
  ['MT', 'M', '406'],
  ['NC', 'E', '252 336 472 704 743 828 910 919 980 984'],
  ['ND', 'C M NDC', '701'],
  ['NE', 'C M', '308'],
  ['NE', 'C', '402 531'],
  ['NH', 'E', '603'],
  ['NJ', 'E', '201 551 609 640 732 848 856 862 908 973'],
  ['NM', 'M', '505 575'],
  ['NV', 'M MB P', '775'],
  ['NV', 'P', '702 725'],
  ['NY', 'E', '201 212 315 329 332 347 363 516 518 585 607 631 646 680 716 718 838 845 914 917 929 934'],
  ['OH', 'E', '216 220 234 283 326 330 380 419 440 513 567 614 740 937'],
  ['OK', 'C', '405 539 572 580 918'],
  ['OR', 'M P', '458 541'],
  ['OR', 'P', '503 971'],
  ['PA', 'E', '215 223 267 272 412 445 484 570 582 610 717 724 814 835 878'],
  ['PR', 'PR', '787 939'],
  ['RI', 'E', '401'],
  ['SC', 'E', '803 821 839 843 854 864'],
  ['SD', 'C M NDC', '605'],
  ['TN', 'C E', '423'],
  ['TN', 'C', '615 629 731 901 931'],
  ['TN', 'E', '865'],
  ['TX', 'C M', '432'],
  [
    'TX',
    'C',
    '210 214 254 281 325 346 361 409 430 469 512 682 713 726 737 806 817 830 832 903 936 940 945 956 972 979',
  ],
  ['TX', 'M', '915'],
  ['UT', 'M', '385 435 801'],
  ['VA', 'E', '276 434 540 571 686 703 757 804 826 948'],
  ['VI', 'VI', '340'],
  ['VT', 'E', '802'],
  ['WA', 'P', '206 253 360 425 509 564'],
  ['WI', 'C', '262 274 353 414 534 608 715 920'],
  ['WV', 'E', '304 681'],
  ['WY', 'M', '307'],
];

/**
 * Numbers that are no consumer's line and have no place: personal communications (5XX; 530 and 531 are
 * California and Nebraska), inbound international (456), interexchange carrier (700), US government (710),
 * toll-free (8XX) and premium (900).
 */
const US_NON_GEOGRAPHIC =
  '456 500 521 522 523 524 525 526 527 528 529 532 533 544 566 577 588 700 710 800 833 844 855 866 877 888 900';

/** [ISO country, NPAs] of the other NANP members: Canada and the Caribbean. */
const OTHER_NANP_COUNTRIES: ReadonlyArray<readonly [string, string]> = [
  ['AG', '268'],
  ['AI', '264'],
  ['BB', '246'],
  ['BM', '441'],
  ['BS', '242'],
  [
    'CA',
    '204 226 236 249 250 257 263 273 289 306 343 354 365 367 368 382 403 416 418 428 431 437 438 450 468 474 506 514 519 548 579 581 584 587 600 604 613 622 633 639 647 672 683 705 709 742 753 778 780 782 807 819 825 867 873 879 902 905 942',
  ],
  ['DM', '767'],
  ['DO', '809 829 849'],
  ['GD', '473'],
  ['JM', '658 876'],
  ['KN', '869'],
  ['KY', '345'],
  ['LC', '758'],
  ['MS', '664'],
  ['SX', '721'],
  ['TC', '649'],
  ['TT', '868'],
  ['VC', '784'],
  ['VG', '284'],
];

export type AreaCode =
  | { kind: 'us_geographic'; states: readonly string[]; zones: readonly string[] }
  | { kind: 'us_non_geographic' }
  | { kind: 'other_country'; country: string };

function buildTable(): ReadonlyMap<string, AreaCode> {
  const table = new Map<string, AreaCode>();
  for (const [state, zoneKeys, npas] of US_GEOGRAPHIC) {
    const zones = zoneKeys.split(' ').map((key) => ZONE[key] ?? key);
    for (const npa of npas.split(' ')) {
      const known = table.get(npa);
      const merged =
        known?.kind === 'us_geographic'
          ? { states: [...known.states, state], zones: [...new Set([...known.zones, ...zones])] }
          : { states: [state], zones };
      table.set(npa, { kind: 'us_geographic', ...merged });
    }
  }
  for (const npa of US_NON_GEOGRAPHIC.split(' ')) table.set(npa, { kind: 'us_non_geographic' });
  for (const [country, npas] of OTHER_NANP_COUNTRIES) {
    for (const npa of npas.split(' ')) table.set(npa, { kind: 'other_country', country });
  }
  return table;
}

const AREA_CODES = buildTable();

export function areaCode(npa: string): AreaCode | undefined {
  return AREA_CODES.get(npa);
}

const STATE_ZONES: ReadonlyMap<string, readonly string[]> = (() => {
  const byState = new Map<string, Set<string>>();
  for (const [state, zoneKeys] of US_GEOGRAPHIC) {
    const zones = byState.get(state) ?? new Set<string>();
    zoneKeys.split(' ').forEach((key) => zones.add(ZONE[key] ?? key));
    byState.set(state, zones);
  }
  return new Map([...byState].map(([state, zones]) => [state, [...zones]]));
})();

/** Every zone any area code of a state or territory rings in. */
export function zonesOfState(state: string): readonly string[] {
  return STATE_ZONES.get(state) ?? [];
}
