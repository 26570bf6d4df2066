/**
 * payrelay/no-hardcoded-text: words a merchant reads belong in messages/*.json, not in code.
 *
 * react/jsx-no-literals catches text written as JSX children. This rule catches the rest: string
 * literals that reach the screen through a prop (label="Email", placeholder, aria-label, title), an
 * object (a nav item's label, metadata's title, a server action's { message }), a default value, a
 * conditional inside JSX ({ok ? "Saved" : "Failed"}), or that simply read as a sentence or a
 * capitalised word anywhere in the file. Codes, routes, CSS classes, ids and message keys pass.
 */

const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]/u;
const LETTER = /\p{L}/u;
/** Props and object keys whose string value is always something a person reads. */
const TEXT_NAME = /^(label|title|placeholder|alt|aria-label|aria-description|aria-roledescription|aria-valuetext|description|hint|message|error|caption|heading|sub|text|tooltip|summary)$|(Label|Note|Text|Message|Title|Hint|Description)$/;
/** Props whose values are never prose: classes, ids, routes, ARIA references, test hooks. */
const CODE_PROP = /^(className|class|style|id|key|name|type|value|defaultValue|href|src|htmlFor|role|rel|target|method|action|encType|inputMode|autoComplete|pattern|lang|dateTime|viewBox|d|fill|stroke|textAnchor|variant|tone|testId|idPrefix|status|kind|channel|provider)$|^data-|^aria-(?!label$|description$|roledescription$|valuetext$)/;
const CODE_BINDING = /(class|Class|style|Style|tones?|Tones?|CLASS|STYLE)/;

/** Reads like words for people: Chinese, a capitalised word ("Saved."), or two plain words in a row ("no answer"). */
export function looksLikeText(text) {
  if (CJK.test(text)) return true;
  const tokens = text.split(/\s+/).filter(Boolean);
  if (tokens.some((t) => /^[("“]?[A-Z][a-z]+[.,:;!?…)”"]*$/.test(t))) return true;
  for (let i = 1; i < tokens.length; i++) {
    if (/^[a-z]{2,}[.,:;!?…]*$/.test(tokens[i - 1]) && /^[a-z]{2,}[.,:;!?…]*$/.test(tokens[i])) return true;
  }
  return false;
}

/**
 * A code, not words: one token with a digit, "_", ".", "/", ":" or "@" ("wx1234567890abcdef",
 * "PUB_KEY_ID_…", "goods.form.name", a URL), or a list of CSS classes ("bg-red-50 text-red-900").
 */
export function looksLikeCode(text) {
  if (CJK.test(text)) return false;
  const tokens = text.split(/\s+/).filter(Boolean);
  if (tokens.length === 1 && /[\d_/:@#]|\.\w/.test(tokens[0])) return true;
  return tokens.length > 0 && tokens.every((t) => /^[!-]?[a-z0-9[\]%#&>_=().,/:'"-]+$/.test(t)) && tokens.some((t) => /[-:]/.test(t));
}

/** The API's error messages stay English by contract: `new ApiError(…)`, `invalid(…)`, `notFound(…)`. */
const API_ERROR_CALLS = new Set(["invalid", "notFound"]);

function propName(node) {
  if (!node) return undefined;
  if (node.type === "JSXAttribute") return node.name.type === "JSXNamespacedName" ? `${node.name.namespace.name}:${node.name.name.name}` : node.name.name;
  if (node.type === "Property" || node.type === "PropertyDefinition") {
    if (node.computed) return undefined;
    return node.key.type === "Identifier" ? node.key.name : typeof node.key.value === "string" ? node.key.value : undefined;
  }
  if (node.type === "VariableDeclarator" && node.id.type === "Identifier") return node.id.name;
  if (node.type === "AssignmentPattern" && node.left.type === "Identifier") return node.left.name;
  return undefined;
}

/** Walks up through expressions that merely pass a value on (a ?: b, a ?? b, a + b, (x as T)). */
function owner(node) {
  let child = node;
  let parent = node.parent;
  let conditional = false;
  while (
    parent &&
    (parent.type === "ConditionalExpression" ||
      parent.type === "LogicalExpression" ||
      parent.type === "BinaryExpression" ||
      parent.type === "TSAsExpression" ||
      parent.type === "TSSatisfiesExpression" ||
      parent.type === "ArrayExpression" ||
      parent.type === "TemplateLiteral")
  ) {
    if (parent.type === "ConditionalExpression" && parent.test === child) return { parent: null, child, conditional };
    if (parent.type === "BinaryExpression" && /^[=!]==?$/.test(parent.operator)) return { parent: null, child, conditional };
    if (parent.type === "ConditionalExpression" || parent.type === "LogicalExpression") conditional = true;
    child = parent;
    parent = parent.parent;
  }
  return { parent, child, conditional };
}

function check(context, node, text) {
  if (!LETTER.test(text)) return;
  const { parent, child, conditional } = owner(node);
  if (!parent) return; // a comparison or a condition: code, not output
  if (parent.type === "NewExpression") return;
  if (parent.type === "CallExpression" && parent.callee.type === "Identifier" && API_ERROR_CALLS.has(parent.callee.name)) return;
  switch (parent.type) {
    case "ImportDeclaration":
    case "ExportNamedDeclaration":
    case "ExportAllDeclaration":
    case "ImportExpression":
    case "TSLiteralType":
    case "TSPropertySignature":
    case "TSEnumMember":
    case "MemberExpression":
      return;
    case "ExpressionStatement":
      if (parent.directive) return;
      break;
    case "Property":
      if (parent.key === child && !parent.computed) return;
      break;
    case "JSXExpressionContainer": {
      const container = parent.parent;
      // Children: react/jsx-no-literals reports a bare {"text"}; a conditional one is reported here.
      if (container.type === "JSXElement" || container.type === "JSXFragment") {
        if ((conditional || node.type === "TemplateLiteral") && !looksLikeCode(text)) report(context, node, text);
        return;
      }
      if (container.type === "JSXAttribute") return checkNamed(context, node, text, propName(container));
      break;
    }
    default:
      break;
  }
  if (parent.type === "JSXAttribute") return checkNamed(context, node, text, propName(parent));
  const name = propName(parent);
  if (name !== undefined) return checkNamed(context, node, text, name, parent);
  if (looksLikeText(text)) report(context, node, text);
}

/** The variable an object literal is assigned to: `const tones = { error: "bg-red-50" }` → "tones". */
function bindingOf(node) {
  for (let n = node; n; n = n.parent) {
    if (n.type === "VariableDeclarator") return propName(n);
    if (n.type.startsWith("JSX") || n.type.endsWith("Statement") || n.type.startsWith("Function") || n.type === "ArrowFunctionExpression") return undefined;
  }
  return undefined;
}

function checkNamed(context, node, text, name, parent) {
  if (name && CODE_PROP.test(name) && !TEXT_NAME.test(name)) return;
  if (name && CODE_BINDING.test(name)) return;
  const binding = parent?.type === "Property" ? bindingOf(parent) : undefined;
  if (binding && CODE_BINDING.test(binding)) return;
  if (looksLikeText(text)) return report(context, node, text);
  // Field errors keyed by field name: { fieldErrors: { goodsId: "Choose a goods." } }.
  const inFieldErrors = parent?.type === "Property" && propName(parent.parent?.parent) === "fieldErrors";
  // A text prop holding a lone word ("never") is words too; an example value ("wx1234…") or a key is not.
  if (((name && TEXT_NAME.test(name)) || inFieldErrors) && !looksLikeCode(text)) report(context, node, text);
}

function report(context, node, text) {
  context.report({ node, messageId: "hardcoded", data: { text: text.length > 40 ? `${text.slice(0, 40)}…` : text } });
}

const rule = {
  meta: {
    type: "problem",
    docs: { description: "Text people read comes from messages/*.json (next-intl), not from string literals" },
    messages: {
      hardcoded: 'Hard-coded text "{{text}}": add it to messages/en.json and messages/zh-CN.json and render it with t() (see docs/i18n.md).',
    },
    schema: [],
  },
  create(context) {
    return {
      Literal(node) {
        if (typeof node.value === "string") check(context, node, node.value);
      },
      TemplateLiteral(node) {
        if (node.parent.type === "TaggedTemplateExpression") return;
        check(context, node, node.quasis.map((q) => q.value.cooked ?? "").join(" "));
      },
    };
  },
};

const plugin = { rules: { "no-hardcoded-text": rule } };
export default plugin;
