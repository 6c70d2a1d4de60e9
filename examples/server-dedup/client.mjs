// The Conversions API client of the example, shared by server.mjs and worker.mjs: Pinterest's API when
// AD_ACCOUNT_ID and CAPI_TOKEN are set, else a dry run that answers as Pinterest would and sends nothing anywhere.
// It prints the name and ID of each event it sends: never a token or personal data.
import { createConversionsClient } from '../../dist/server.mjs';

/** Without credentials: a stand-in for fetch that answers as Pinterest would and sends nothing anywhere. */
async function dryRunFetch(_url, init) {
  const { data } = JSON.parse(init.body);
  const events = data.map(() => ({ status: 'processed', error_message: null, warning_message: null }));
  return new Response(JSON.stringify({ num_events_received: data.length, num_events_processed: data.length, events }), { status: 200 });
}

export function makeClient(env = process.env) {
  const dryRun = !env.AD_ACCOUNT_ID || !env.CAPI_TOKEN;
  const client = createConversionsClient({
    adAccountId: env.AD_ACCOUNT_ID ?? '0',
    accessToken: env.CAPI_TOKEN ?? 'dry-run',
    endpoint: env.CAPI_ENDPOINT || undefined,
    test: env.CAPI_TEST === '1',
    fetch: dryRun ? dryRunFetch : undefined,
  });
  /** The client, printing what each send did: names and IDs only. */
  const logged = {
    async send(events, options) {
      const names = events.map((event) => `${event.event_name} ${event.event_id}`).join(', ');
      try {
        const result = await client.send(events, options);
        const failed = result.results.filter((one) => one.status !== 'processed');
        console.log(`  ${dryRun ? 'dry run, not sent' : 'sent'}: ${names}${failed.length ? ` (${failed.length} failed: ${failed[0].error})` : ''}`);
        return result;
      } catch (error) {
        console.warn(`  not sent: ${names}: ${error.message}`);
        throw error;
      }
    },
    stats: () => client.stats(),
  };
  return { client: logged, dryRun };
}
