/**
 * OpenTelemetry tracing, on when an OTLP endpoint is configured (`OTEL_EXPORTER_OTLP_ENDPOINT`):
 *
 * - one span per GraphQL operation (`query ProjectScreen`, kind SERVER), with
 *   `graphql.operation.type` / `graphql.operation.name` (OpenTelemetry's GraphQL semantic
 *   conventions) and the error codes when it failed; its parent is the request's incoming W3C
 *   `traceparent` when there is one, so the client's trace continues here;
 * - one child span per HTTP exchange with the Wexa API (`GET /task/{id}`, kind CLIENT), retries
 *   included, whose W3C `traceparent` is sent upstream so Wexa-side traces join the gateway's.
 *
 * The tracer provider is the gateway's own (not registered globally), so several gateways in one
 * process (tests) never mix spans. The parent of an upstream span comes from the operation scope
 * (`operations.ts`), not from a global context manager. Spans carry endpoint templates, never ids
 * or keys. Exported over OTLP/HTTP (JSON) to `<endpoint>/v1/traces` in batches; `close()` flushes.
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { UpstreamObserver } from '../wexa/observer.js';
import type { CallOrigin } from '../wexa/transport.js';
import type { OperationScope, OperationSink } from './operations.js';

export interface Tracing {
  operations: OperationSink;
  upstream: UpstreamObserver;
  /** Exports what is still buffered and stops the provider. */
  close(): Promise<void>;
}

export interface TracingOptions {
  serviceName: string;
  /** Where spans go; an OTLP/HTTP exporter to `otlpEndpoint` by default. */
  exporter?: SpanExporter;
  otlpEndpoint?: string;
  /** How often buffered spans are exported, ms (default 2000). */
  exportDelayMs?: number;
}

/** Builds tracing, or returns undefined when there is nowhere to send spans. */
export function createTracing(options: TracingOptions): Tracing | undefined {
  const exporter =
    options.exporter ??
    (options.otlpEndpoint ? new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/+$/, '')}/v1/traces` }) : undefined);
  if (!exporter) return undefined;
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: options.exportDelayMs ?? 2_000 })],
  });
  return tracingWith(provider.getTracer('wexa-graph'), () => provider.shutdown());
}

function tracingWith(tracer: Tracer, shutdown: () => Promise<void>): Tracing {
  const propagator = new W3CTraceContextPropagator();
  const spans = new WeakMap<CallOrigin, Span>();

  return {
    operations: {
      onStart(scope) {
        const name = `${scope.type === 'unknown' ? 'operation' : scope.type} ${scope.name ?? 'anonymous'}`.slice(0, 120);
        // An incoming W3C traceparent is the operation's parent: the client's trace goes on through
        // the gateway to Wexa.
        const parent = scope.traceparent
          ? propagator.extract(ROOT_CONTEXT, { traceparent: scope.traceparent }, { get: (c, k) => (c as Record<string, string>)[k], keys: (c) => Object.keys(c) })
          : ROOT_CONTEXT;
        const span = tracer.startSpan(
          name,
          {
            kind: SpanKind.SERVER,
            attributes: {
              'graphql.operation.type': scope.type,
              ...(scope.name ? { 'graphql.operation.name': scope.name.slice(0, 100) } : {}),
            },
          },
          parent,
        );
        spans.set(scope, span);
        scope.traceId = span.spanContext().traceId;
      },
      onEnd(record, scope) {
        const span = spans.get(scope);
        if (!span) return;
        span.setAttribute('wexa.upstream_calls', record.upstreamCalls);
        if (record.errorCodes.length > 0) {
          span.setAttribute('graphql.error.codes', record.errorCodes);
          span.setStatus({ code: SpanStatusCode.ERROR, message: record.errorCodes.join(',') });
        }
        span.end();
      },
    },
    upstream: {
      onAttemptStart(start) {
        const parentSpan = start.origin ? spans.get(start.origin) : undefined;
        const parentContext = parentSpan ? trace.setSpan(ROOT_CONTEXT, parentSpan) : ROOT_CONTEXT;
        const span = tracer.startSpan(
          start.endpoint,
          {
            kind: SpanKind.CLIENT,
            attributes: {
              'http.request.method': start.method,
              'url.template': start.endpoint.slice(start.method.length + 1),
              ...(start.attempt > 1 ? { 'http.request.resend_count': start.attempt - 1 } : {}),
            },
          },
          parentContext,
        );
        const headers: Record<string, string> = {};
        propagator.inject(trace.setSpan(parentContext, span), headers, {
          set: (carrier, key, value) => {
            (carrier as Record<string, string>)[key] = value;
          },
        });
        return {
          headers,
          end(attempt) {
            if (attempt.status !== null) span.setAttribute('http.response.status_code', attempt.status);
            if (attempt.errorCode) span.setStatus({ code: SpanStatusCode.ERROR, message: attempt.errorCode });
            span.end();
          },
        };
      },
    },
    close: shutdown,
  };
}
