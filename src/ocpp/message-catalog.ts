import type * as v from "valibot";

/** The request and response schemas of every action this side may send or receive. */
export type MessageCatalog = Readonly<Record<string, { request: v.GenericSchema; response: v.GenericSchema }>>;

export type ActionOf<C extends MessageCatalog> = keyof C & string;
export type RequestOf<C extends MessageCatalog, A extends ActionOf<C>> = v.InferInput<C[A]["request"]>;
export type ResponseOf<C extends MessageCatalog, A extends ActionOf<C>> = v.InferOutput<C[A]["response"]>;
