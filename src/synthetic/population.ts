/**
 * Population of each regency in thousands, rounded, after the 2020 population census (Sensus Penduduk 2020) as
 * recalled for this project: used only as weights, so that Surabaya has more people in the registry than Kota
 * Mojokerto. A regency missing here (a code added by a later Kemendagri edition) weighs as a small one.
 */
const POPULATION_THOUSANDS: Record<string, number> = {
  '3501': 587,
  '3502': 949,
  '3503': 731,
  '3504': 1090,
  '3505': 1223,
  '3506': 1636,
  '3507': 2654,
  '3508': 1119,
  '3509': 2536,
  '3510': 1708,
  '3511': 776,
  '3512': 685,
  '3513': 1152,
  '3514': 1605,
  '3515': 2083,
  '3516': 1119,
  '3517': 1318,
  '3518': 1103,
  '3519': 744,
  '3520': 670,
  '3521': 870,
  '3522': 1301,
  '3523': 1198,
  '3524': 1344,
  '3525': 1311,
  '3526': 1060,
  '3527': 969,
  '3528': 850,
  '3529': 1124,
  '3571': 286,
  '3572': 149,
  '3573': 843,
  '3574': 239,
  '3575': 208,
  '3576': 132,
  '3577': 195,
  '3578': 2874,
  '3579': 213,
  '6401': 275,
  '6402': 729,
  '6403': 248,
  '6407': 165,
  '6408': 434,
  '6409': 178,
  '6411': 33,
  '6471': 688,
  '6472': 827,
  '6474': 178,
};

export function populationWeight(regencyCode: string): number {
  return POPULATION_THOUSANDS[regencyCode] ?? 150;
}
