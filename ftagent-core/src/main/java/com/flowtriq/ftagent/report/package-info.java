/**
 * Reporting: the Flowtriq API client, the durable outbox, the incident journal, the notifiers and the
 * {@code /metrics}/{@code /health} listener.
 *
 * <h2>Threads</h2>
 * <pre>
 *  detection thread ──IncidentSink.onIncident──► IncidentFanout (lock-free queue, never blocks)
 *  mitigation / pcap ──FlowtriqReporter.ackCommand / uploadPcap / submitL7──► DurableOutbox.submit (lock-free)
 *                                         │
 *  ftagent-report thread (ReportAgent on an Agrona AgentRunner), each cycle:
 *     IncidentFanout  → IncidentJournal, IncidentStatistics, FlowtriqReporter, NotificationPublisher×n
 *     DurableOutbox.persistSubmissions → fsync'd batch to &lt;state_dir&gt;/outbox, then to each channel's lane
 *  ftagent-deliver-flowtriq thread (ChannelDeliveryThreads), each cycle:
 *     FlowtriqReporter → heartbeat, metrics sample, config poll (best effort, share the breaker)
 *                        → ServerConfigListener (e.g. agent.ServerConfigApplier: detector, intervals)
 *     DurableOutbox.pumpChannel("flowtriq") → FIFO delivery, own backoff and breaker
 *  ftagent-deliver-&lt;notifier&gt; thread per configured notifier: DurableOutbox.pumpChannel(notifier)
 *  ftagent-metrics thread (JDK HttpServer) → MetricsSource.collect / HealthSource, reads atomics only
 * </pre>
 *
 * <h2>Configuration keys read here</h2>
 * <table>
 *   <caption>keys</caption>
 *   <tr><th>key</th><th>default</th><th>class</th></tr>
 *   <tr><td>api_key, node_uuid, api_base</td><td>none, none, https://flowtriq.com/api/v1</td><td>ApiSettings</td></tr>
 *   <tr><td>heartbeat_interval, metrics_interval</td><td>30, 10 (s)</td><td>ApiSettings</td></tr>
 *   <tr><td>state_dir</td><td>(config)</td><td>ReportSettings</td></tr>
 *   <tr><td>outbox_max_mb</td><td>256</td><td>OutboxSettings</td></tr>
 *   <tr><td>metrics_listen</td><td>127.0.0.1:9108, "" disables, loopback only</td><td>MetricsHttpServer</td></tr>
 *   <tr><td>notify.slack_webhook_url, notify.discord_webhook_url, notify.teams_webhook_url</td><td>off</td>
 *       <td>NotifySettings</td></tr>
 *   <tr><td>notify.pagerduty_routing_key, notify.pagerduty_url</td><td>off, events.pagerduty.com/v2/enqueue</td>
 *       <td>NotifySettings</td></tr>
 *   <tr><td>notify.webhook_url, notify.webhook_secret</td><td>off, unsigned</td><td>NotifySettings</td></tr>
 * </table>
 */
package com.flowtriq.ftagent.report;
