/** What a DTR API error body with this code looks like (DTR 2.6: `errors` of code, message, detail). */
export const dtrError = (code: string) => ({
  errors: [{ code, message: expect.any(String), detail: expect.anything() }],
});
