# bash completion for eseal. Commands and options come from the command's own
# --help, so that they follow the eseal being completed; file names otherwise.
_eseal() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  local cli=${COMP_WORDS[0]} sub=${COMP_WORDS[1]} words
  COMPREPLY=()
  if ((COMP_CWORD == 1)); then
    words=$("$cli" --help 2>/dev/null | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z0-9-]*\) .*/\1/p')
    COMPREPLY=($(compgen -W "$words help --help --version" -- "$cur"))
    return
  fi
  if [[ $sub == help ]]; then
    words=$("$cli" --help 2>/dev/null | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z0-9-]*\) .*/\1/p')
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
    return
  fi
  if [[ $sub == cert ]] && ((COMP_CWORD == 2)); then
    COMPREPLY=($(compgen -W "status" -- "$cur"))
    return
  fi
  case $prev in
  --revocation) COMPREPLY=($(compgen -W "offline online off" -- "$cur")); return ;;
  --fetch-timeout) return ;;
  --jobs) COMPREPLY=($(compgen -W "1 2 4 8" -- "$cur")); return ;;
  --expect) COMPREPLY=($(compgen -W "signature seal" -- "$cur")); return ;;
  --time-policy) COMPREPLY=($(compgen -W "poe claimed-time" -- "$cur")); return ;;
  --crypto-policy) COMPREPLY=($(compgen -W "default legacy" -- "$cur")); return ;;
  --shape) COMPREPLY=($(compgen -W "round rectangle oval" -- "$cur")); return ;;
  esac
  if [[ $cur == -* ]]; then
    words=$("$cli" "$sub" --help 2>/dev/null | grep -o -- '--[a-z][a-z0-9-]*' | sort -u)
    COMPREPLY=($(compgen -W "$words --help --quiet --verbose" -- "$cur"))
    return
  fi
  compopt -o default 2>/dev/null
}
complete -F _eseal eseal
