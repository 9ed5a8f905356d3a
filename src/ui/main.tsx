import { render } from "preact";
import type { ViewModel } from "../report/view-model.ts";
import { ReportPage } from "./pages/ReportPage.tsx";
import "./styles.css";

/** The static report: the view model is inlined as JSON beside this script. */
const element = document.getElementById("debtlens-data");
const app = document.getElementById("app");
if (element && app) {
  const data = JSON.parse(element.textContent ?? "{}") as ViewModel;
  render(<ReportPage data={data} />, app);
  document.documentElement.dataset.ready = "true";
}
