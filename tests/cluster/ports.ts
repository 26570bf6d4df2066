/** The local test cluster's first port (three masters on it and the two after); CLUSTER_TEST_PORT moves it. */
export const CLUSTER_BASE_PORT = Number(process.env.CLUSTER_TEST_PORT ?? 7301);
export const CLUSTER_NODES = [0, 1, 2].map((i) => `127.0.0.1:${CLUSTER_BASE_PORT + i}`).join(",");
