// A demo business API: five fixed web-shop orders that the demo flows look up, guarded by a bearer token when one is configured.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/app-error.js';
import { errors } from '../schemas.js';

export type DemoOrderStatus = 'processing' | 'shipped' | 'delivered';

export interface DemoOrder {
  readonly id: string;
  readonly status: DemoOrderStatus;
  /** The status as a visitor reads it, zh-CN and English. */
  readonly statusText: string;
  readonly carrier: string | null;
  readonly trackingNo: string | null;
  /** Expected delivery day (YYYY-MM-DD); null once delivered. */
  readonly eta: string | null;
  readonly deliveredAt: string | null;
  readonly items: ReadonlyArray<{ readonly name: string; readonly qty: number }>;
  /** The items in one line, for a reply. */
  readonly summary: string;
}

const STATUS_TEXT: Record<DemoOrderStatus, string> = {
  processing: '处理中 Processing',
  shipped: '已发货 Shipped',
  delivered: '已签收 Delivered',
};

// Days are relative to today, so the demo never promises a delivery in the past.
const ORDERS: ReadonlyArray<{ id: string; status: DemoOrderStatus; carrier: string | null; trackingNo: string | null; days: number; items: Array<[string, number]> }> = [
  { id: 'KF10001', status: 'shipped', carrier: '顺丰速运 SF Express', trackingNo: 'SF1402233117', days: 2, items: [['无线蓝牙耳机 Wireless earbuds', 1]] },
  { id: 'KF10002', status: 'processing', carrier: null, trackingNo: null, days: 4, items: [['智能手环 Fitness band', 1], ['充电线 Charging cable', 2]] },
  { id: 'KF10003', status: 'delivered', carrier: '京东物流 JD Logistics', trackingNo: 'JDV0032198765', days: -3, items: [['保温杯 Vacuum flask', 1]] },
  { id: 'KF10004', status: 'shipped', carrier: '中通快递 ZTO Express', trackingNo: 'ZT7781204456', days: 1, items: [['机械键盘 Mechanical keyboard', 1], ['键帽套装 Keycap set', 1]] },
  { id: 'KF10005', status: 'delivered', carrier: '圆通速递 YTO Express', trackingNo: 'YT6620917734', days: -1, items: [['纯棉T恤 Cotton T-shirt', 3]] },
];

export const DEMO_ORDER_IDS: readonly string[] = ORDERS.map((o) => o.id);

/** The demo order with that id (any case), dated from `now`; undefined for an unknown id. */
export function demoOrder(id: string, now: Date): DemoOrder | undefined {
  const o = ORDERS.find((x) => x.id === id.toUpperCase());
  if (!o) return undefined;
  const day = new Date(now.getTime() + o.days * 86_400_000).toISOString().slice(0, 10);
  return {
    id: o.id,
    status: o.status,
    statusText: STATUS_TEXT[o.status],
    carrier: o.carrier,
    trackingNo: o.trackingNo,
    eta: o.status === 'delivered' ? null : day,
    deliveredAt: o.status === 'delivered' ? day : null,
    items: o.items.map(([name, qty]) => ({ name, qty })),
    summary: o.items.map(([name, qty]) => `${name} ×${qty}`).join('、'),
  };
}

const orderSchema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: ['processing', 'shipped', 'delivered'] },
    statusText: { type: 'string' },
    carrier: { type: ['string', 'null'] },
    trackingNo: { type: ['string', 'null'] },
    eta: { type: ['string', 'null'] },
    deliveredAt: { type: ['string', 'null'] },
    items: { type: 'array', items: { type: 'object', additionalProperties: true, properties: { name: { type: 'string' }, qty: { type: 'integer' } } } },
    summary: { type: 'string' },
  },
} as const;

/** `token`: the `demoOrdersToken` flow secret; when set, requests need `Authorization: Bearer <token>`. */
export function demoRoutes(app: FastifyInstance, options: { token: string | null; now?: () => Date }): void {
  const now = options.now ?? (() => new Date());
  app.get<{ Params: { orderId: string } }>(
    '/api/v1/demo/orders/:orderId',
    {
      schema: {
        summary: 'A demo order (KF10001 … KF10005), as a business API would answer the demo flows',
        tags: ['demo'],
        params: { type: 'object', properties: { orderId: { type: 'string', minLength: 1, maxLength: 64 } }, required: ['orderId'] },
        response: { 200: orderSchema, ...errors },
      },
    },
    async (request) => {
      if (options.token !== null && !bearerMatches(request, options.token)) {
        throw new AppError('unauthorized', 'this demo API wants Authorization: Bearer <demoOrdersToken>');
      }
      const order = demoOrder(request.params.orderId, now());
      if (!order) throw new AppError('not_found', `no demo order ${request.params.orderId}; try ${DEMO_ORDER_IDS.join(', ')}`);
      return order;
    },
  );
}

function bearerMatches(request: FastifyRequest, token: string): boolean {
  const m = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
  // Comparing digests keeps the comparison constant-time whatever the lengths.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return m !== null && timingSafeEqual(digest(m[1]!), digest(token));
}
