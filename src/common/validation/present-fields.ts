/**
 * The fields a request actually sent. DTO classes declare every field, and with ES2022 class fields each declared
 * property exists on the instance (as `undefined` when absent), so `Object.keys(dto)` would name fields never sent.
 */
export function presentFields(dto: object): string[] {
  return Object.entries(dto)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key);
}
