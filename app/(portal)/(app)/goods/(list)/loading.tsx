import { LoadingPage } from "../../../_components/ui";

export default function Loading() {
  return <LoadingPage label="Loading goods…" />;
}
