import { setFlagsFromString } from 'node:v8';

/*
 * Imported first by main.ts, before the rest of the gateway loads.
 *
 * V8 pretenures an allocation site (allocates its objects straight into the old generation) once
 * enough of its objects survived a young-generation collection. A page of a listing keeps its rows
 * until the answer is written, so the sites that parse database rows and present them get
 * pretenured after a few pages; a streamed listing then puts every row it reads into the old
 * generation, which grows by the answer's size until the next full collection (+20 MB of RSS for
 * 100,000 webhooks streamed, against +0–5 MB without pretenuring; bench/README.md, Listings at
 * scale). The gateway's objects live for one request: the young generation is where they belong.
 */
setFlagsFromString('--no-allocation-site-pretenuring');
