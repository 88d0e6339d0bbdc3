<#
    Static quality rules for the PgCluster PowerShell module, evaluated with the real PowerShell
    parser and AST (no PSScriptAnalyzer needed). Every Test-PgQA* function returns findings and
    never throws for a rule violation; a finding is a PgCluster.QA.Finding object:

        Rule     stable id, e.g. 'Compat.Ternary' or 'Help.ParameterMissing'
        Path     full path of the file the finding is about
        Line     1-based line (0 when the finding concerns a missing file)
        Column   1-based column (0 when not meaningful)
        Message  what is wrong and what to change

    Used by Module.Tests.ps1 (the real module) and ModuleRules.Tests.ps1 (deliberately broken
    fixtures under QA/Fixtures, which prove that every rule can fail).

    Rules (function -> rule ids):
        Test-PgQAParse                           Parse.Error
        Test-PgQAWindowsPowerShellCompatibility  Compat.Ternary, .PipelineChain, .NullCoalescing,
                                                 .NullCoalescingAssignment, .NullConditional,
                                                 .BackgroundOperator, .CleanBlock, .UnicodeEscape,
                                                 .ForEachParallel, .PSStyle, .AutomaticVariable,
                                                 .Command, .Parameter, .EncodingValue,
                                                 .NativeArgumentQuote
        Test-PgQAFileFormat                      Format.NonAscii, .Bom, .TrailingWhitespace, .Tab
        Test-PgQAFunctionFile                    Layout.FunctionCount, .FunctionName, .TopLevelCode,
                                                 Naming.Verb, Naming.NounPrefix
        Test-PgQAPublicFunctionContract          Contract.CmdletBinding, Contract.OutputType,
                                                 Help.Missing, .Synopsis, .Description,
                                                 .ParameterMissing, .ParameterExtra, .Example,
                                                 .ExampleName, .Outputs
        Test-PgQAShouldProcess                   ShouldProcess.Missing, .NotCalled, .ReadOnly
        Test-PgQACredentialParameter             Security.Password, Security.Credential
        Test-PgQACommandUsage                    Command.Alias, .WriteHost, .InvokeExpression
        Test-PgQAManifest                        Manifest.Missing, .Unreadable, .TestModuleManifest,
                                                 .FunctionsToExport, .Wildcard, .Duplicate,
                                                 .NotExported, .NoSuchFunction, .OtherExports,
                                                 .PowerShellVersion, .CompatiblePSEditions,
                                                 .RootModule, .FormatsToProcess
        Test-PgQAModuleImport                    Import.Failed, Import.ExportMismatch
        Test-PgQAFormatView                      View.FileMissing, .InvalidXml, .TypeWithoutView,
                                                 .ViewWithoutType
        Test-PgQAAboutHelp                       AboutHelp.Missing, .Header, .FunctionNotMentioned
        Test-PgQAUnitCoverage                    Tests.NotInvoked

    Suppression: a comment "# pgqa-allow: <Rule> -- <reason>" on the offending line, or alone on the
    line above it, silences that rule there (the reason is mandatory). Parse errors, file-format
    and manifest findings cannot be suppressed.

    This file must itself stay Windows PowerShell 5.1 compatible: AST types that exist only in
    PowerShell 7 (TernaryExpressionAst, PipelineChainAst) are matched by type name.
#>

Set-StrictMode -Version 3.0

$script:ParseCache = @{}
$script:AliasTableCache = $null
$script:ApprovedVerbCache = $null
$script:PrivateSupportsCache = @{}
$script:PredicateCache = @{}
$script:CalledCommandCache = @{}
$script:ParameterMapCache = @{}

# Verbs that change state: such public commands must support -WhatIf/-Confirm.
$script:StateChangingVerbs = @(
    'Set', 'New', 'Remove', 'Add', 'Register', 'Unregister', 'Install', 'Uninstall', 'Start', 'Stop',
    'Enable', 'Disable', 'Protect', 'Unprotect', 'Grant', 'Revoke', 'Deny', 'Switch', 'Initialize',
    'Move', 'Export', 'Restart', 'Suspend', 'Resume', 'Clear', 'Update', 'Reset', 'Rename', 'Copy',
    'Restore', 'Repair', 'Block', 'Unblock', 'Mount', 'Dismount', 'Publish', 'Unpublish', 'Lock', 'Unlock'
)
# Verbs that only read: such commands must not pretend to support -WhatIf.
$script:ReadOnlyVerbs = @(
    'Get', 'Test', 'Find', 'Show', 'Resolve', 'ConvertFrom', 'ConvertTo', 'Format', 'Measure', 'Read',
    'Compare', 'Search'
)
# Approved in PowerShell 7 but not in Windows PowerShell 5.1 (Import-Module warns there).
$script:VerbsNotIn51 = @('Build', 'Deploy')

# Commands that do not exist in Windows PowerShell 5.1.
$script:CommandsNotIn51 = @{
    'Join-String'                 = 'build the string with -join, e.g. ($items -join '', '')'
    'Get-Error'                   = 'inspect $Error[0] / $_.Exception instead'
    'Test-Json'                   = 'use ConvertFrom-Json inside try/catch'
    'ConvertFrom-Markdown'        = 'not available in 5.1'
    'Show-Markdown'               = 'not available in 5.1'
    'Get-MarkdownOption'          = 'not available in 5.1'
    'Set-MarkdownOption'          = 'not available in 5.1'
    'Get-Uptime'                  = 'use (Get-CimInstance -ClassName Win32_OperatingSystem).LastBootUpTime'
    'Remove-Service'              = 'use sc.exe delete <name> (through Invoke-PgNative)'
    'Remove-Alias'                = 'use Remove-Item -Path Alias:\<name>'
    'Start-ThreadJob'             = 'use Start-Job (the ThreadJob module is not shipped with 5.1)'
    'Get-ExperimentalFeature'     = 'not available in 5.1'
    'Enable-ExperimentalFeature'  = 'not available in 5.1'
    'Disable-ExperimentalFeature' = 'not available in 5.1'
    'ConvertTo-CliXml'            = 'use [System.Management.Automation.PSSerializer]::Serialize()'
    'ConvertFrom-CliXml'          = 'use [System.Management.Automation.PSSerializer]::Deserialize()'
    'Get-SecureRandom'            = 'use [System.Security.Cryptography.RandomNumberGenerator]'
}

# Parameters that exist only in PowerShell 6/7 versions of these cmdlets.
$script:ParametersNotIn51 = @{
    'ConvertFrom-Json' = @('AsHashtable', 'Depth', 'NoEnumerate', 'DateKind')
    'ConvertTo-Json'   = @('AsArray', 'EscapeHandling', 'EnumsAsStrings')
    'Invoke-WebRequest' = @('SkipHttpErrorCheck', 'SkipCertificateCheck', 'SkipHeaderValidation', 'Authentication',
        'Token', 'AllowUnencryptedAuthentication', 'SslProtocol', 'StatusCodeVariable', 'ResponseHeadersVariable',
        'MaximumRetryCount', 'RetryIntervalSec', 'Form', 'Resume', 'NoProxy', 'PreserveAuthorizationOnRedirect',
        'HttpVersion', 'ConnectionTimeoutSeconds', 'OperationTimeoutSeconds', 'CustomMethod',
        'AllowInsecureRedirect', 'PreserveHttpMethodOnRedirect', 'UnixSocket')
    'Invoke-RestMethod' = @('SkipHttpErrorCheck', 'SkipCertificateCheck', 'SkipHeaderValidation', 'Authentication',
        'Token', 'AllowUnencryptedAuthentication', 'SslProtocol', 'StatusCodeVariable', 'ResponseHeadersVariable',
        'MaximumRetryCount', 'RetryIntervalSec', 'Form', 'Resume', 'NoProxy', 'PreserveAuthorizationOnRedirect',
        'HttpVersion', 'ConnectionTimeoutSeconds', 'OperationTimeoutSeconds', 'CustomMethod', 'FollowRelLink',
        'MaximumFollowRelLink', 'AllowInsecureRedirect', 'PreserveHttpMethodOnRedirect', 'UnixSocket')
    'Get-Content'      = @('AsByteStream')
    'Set-Content'      = @('AsByteStream')
    'Add-Content'      = @('AsByteStream')
    'Select-Object'    = @('SkipIndex')
    'Sort-Object'      = @('Top', 'Bottom')
    'Select-String'    = @('Raw', 'NoEmphasis')
    'Get-Date'         = @('AsUTC', 'UnixTimeSeconds', 'FromUnixTime')
    'Split-Path'       = @('Extension', 'LeafBase')
    'Test-Connection'  = @('TcpPort', 'Traceroute', 'MtuSize', 'Ping', 'Repeat', 'IPv4', 'IPv6', 'ResolveDestination',
        'TimeoutSeconds', 'Detailed')
    'Measure-Object'   = @('AllStats', 'StandardDeviation')
    'Get-Random'       = @('Shuffle')
    'Start-Process'    = @('Environment')
    'Start-Job'        = @('WorkingDirectory')
    'Import-Module'    = @('UseWindowsPowerShell', 'SkipEditionCheck')
    'Export-Csv'       = @('UseQuotes', 'QuoteFields', 'IncludeTypeInformation')
    'ConvertTo-Csv'    = @('UseQuotes', 'QuoteFields', 'IncludeTypeInformation')
    'Join-Path'        = @('AdditionalChildPath')
    'Get-Command'      = @('UseFuzzyMatching', 'FuzzyMinimumDistance', 'UseAbbreviationExpansion')
    'Invoke-Command'   = @('HostName', 'SSHTransport', 'KeyFilePath', 'SSHConnection', 'Subsystem', 'Options')
    'New-PSSession'    = @('HostName', 'SSHTransport', 'KeyFilePath', 'SSHConnection', 'Subsystem', 'Options')
    'Enter-PSSession'  = @('HostName', 'SSHTransport', 'KeyFilePath', 'Subsystem', 'Options')
    'ForEach-Object'   = @('ThrottleLimit', 'TimeoutSeconds', 'AsJob', 'UseNewRunspace')
    'Where-Object'     = @('Not')
    'Tee-Object'       = @('Encoding')
    'Start-Sleep'      = @('Duration')
}

# The -Encoding names that Windows PowerShell 5.1 knows (FileSystemCmdletProviderEncoding and the
# ValidateSet of Out-File/Export-Csv). PowerShell 7 also takes utf8NoBOM, utf8BOM, ansi, code page
# numbers (65001), .NET names (windows-1252, utf-8) and [System.Text.Encoding] objects: 5.1 none.
$script:EncodingNamesIn51 = @('Unknown', 'String', 'Unicode', 'Byte', 'BigEndianUnicode', 'UTF8', 'UTF7', 'UTF32',
    'Ascii', 'Default', 'Oem', 'BigEndianUTF32')
# The built-in commands whose -Encoding value is checked against that list (Tee-Object has no
# -Encoding in 5.1 at all: see ParametersNotIn51).
$script:EncodingCommands = @('Add-Content', 'Get-Content', 'Set-Content', 'Out-File', 'Export-Csv', 'Import-Csv',
    'Select-String', 'Export-Clixml', 'Send-MailMessage', 'Export-PSSession', 'Format-Hex')

# Automatic variables that are undefined ($null) in Windows PowerShell 5.1.
$script:VariablesNotIn51 = @{
    'IsWindows'                              = 'use ([System.Environment]::OSVersion.Platform -eq ''Win32NT'')'
    'IsLinux'                                = 'use ([System.Environment]::OSVersion.Platform -eq ''Unix'')'
    'IsMacOS'                                = 'test [System.Runtime.InteropServices.RuntimeInformation] instead'
    'IsCoreCLR'                              = 'use ($PSVersionTable.PSEdition -eq ''Core'')'
    'PSNativeCommandArgumentPassing'         = 'it has no effect in 5.1; quote native arguments yourself'
    'PSNativeCommandUseErrorActionPreference' = 'it has no effect in 5.1; check $LASTEXITCODE'
    'EnabledExperimentalFeatures'            = 'not available in 5.1'
}

# The platform variables among them, which may be used behind a guard (see Test-PgQAPlatformGuard).
$script:PlatformVariables = @('IsWindows', 'IsLinux', 'IsMacOS', 'IsCoreCLR')

# Native programs known without their extension (Compat.NativeArgumentQuote). Any command name
# ending in .exe/.com/.cmd/.bat, or written as a path, counts as native too. Not 'sc', 'curl',
# 'sort' or 'where': those are aliases in Windows PowerShell 5.1 (sc is Set-Content).
$script:NativePrograms = @(
    'icacls', 'netsh', 'pg_ctl', 'takeown', 'secedit', 'regsvr32', 'cmd', 'powershell', 'pwsh', 'node',
    'reg', 'schtasks', 'wevtutil', 'auditpol', 'net', 'whoami', 'psql', 'pg_basebackup', 'pg_controldata',
    'pg_isready', 'initdb', 'msiexec', 'robocopy', 'xcopy', 'setx', 'wmic', 'cscript', 'wscript',
    'certutil', 'bcdedit', 'dism', 'fsutil', 'cluster', 'mc_ctl', 'git', 'ssh'
)
# Commands of the module that run a native program with the array given to -ArgumentList as its
# arguments (Invoke-PgNative: & $FilePath @ArgumentList; Invoke-PgNodeTool: node.exe through
# Invoke-PgNative), with their parameters in declaration order: neither declares a Position, so
# that is their positional order; the first names the program. Start-Process is deliberately
# absent: it joins -ArgumentList with spaces and no quoting in every version, so embedded quotes
# are how one quotes there.
$script:NativeArgumentWrappers = @{
    'Invoke-PgNative'   = @('FilePath', 'ArgumentList', 'Environment', 'StandardInput')
    'Invoke-PgNodeTool' = @('Tool', 'ArgumentList', 'Environment')
}
# Commands whose output is a command line with embedded double quotes (each argument quoted).
$script:QuotingCommands = @('Join-PgCommandLine', 'Get-PgMirroringServiceCommandLine')

# Narrow, documented exemptions: a finding of Rule in the file whose path ends with Path (relative
# to the repository, forward slashes) is dropped. Each needs a Reason and must still match a finding
# (Module.Tests.ps1 fails on a stale one, so it is removed with the code it excuses).
$script:Exemptions = @()

# Default aliases of Windows PowerShell 5.1 (Windows Server 2016/2019/2022, incl. the aliases of
# the in-box modules), name -> command. Get-Alias on Linux lacks many of them (ls, cat, sc, sort,
# curl, ...), so this table is merged with Get-Alias of the running session.
$script:WindowsPowerShellAliases = @{
    '%' = 'ForEach-Object'; '?' = 'Where-Object'; 'ac' = 'Add-Content'; 'algm' = 'Add-LocalGroupMember'
    'asnp' = 'Add-PSSnapin'; 'cat' = 'Get-Content'; 'cd' = 'Set-Location'; 'CFS' = 'ConvertFrom-String'
    'chdir' = 'Set-Location'; 'clc' = 'Clear-Content'; 'clear' = 'Clear-Host'; 'clhy' = 'Clear-History'
    'cli' = 'Clear-Item'; 'clp' = 'Clear-ItemProperty'; 'cls' = 'Clear-Host'; 'clv' = 'Clear-Variable'
    'cnsn' = 'Connect-PSSession'; 'compare' = 'Compare-Object'; 'copy' = 'Copy-Item'; 'cp' = 'Copy-Item'
    'cpi' = 'Copy-Item'; 'cpp' = 'Copy-ItemProperty'; 'curl' = 'Invoke-WebRequest'; 'cvpa' = 'Convert-Path'
    'dbp' = 'Disable-PSBreakpoint'; 'del' = 'Remove-Item'; 'diff' = 'Compare-Object'; 'dir' = 'Get-ChildItem'
    'dlu' = 'Disable-LocalUser'; 'dnsn' = 'Disconnect-PSSession'; 'ebp' = 'Enable-PSBreakpoint'
    'echo' = 'Write-Output'; 'elu' = 'Enable-LocalUser'; 'epal' = 'Export-Alias'; 'epcsv' = 'Export-Csv'
    'epsn' = 'Export-PSSession'; 'erase' = 'Remove-Item'; 'etsn' = 'Enter-PSSession'; 'exsn' = 'Exit-PSSession'
    'fc' = 'Format-Custom'; 'fhx' = 'Format-Hex'; 'fimo' = 'Find-Module'; 'fl' = 'Format-List'
    'foreach' = 'ForEach-Object'; 'ft' = 'Format-Table'; 'fw' = 'Format-Wide'; 'gal' = 'Get-Alias'
    'gbp' = 'Get-PSBreakpoint'; 'gc' = 'Get-Content'; 'gcb' = 'Get-Clipboard'; 'gci' = 'Get-ChildItem'
    'gcm' = 'Get-Command'; 'gcs' = 'Get-PSCallStack'; 'gdr' = 'Get-PSDrive'; 'gerr' = 'Get-Error'
    'ghy' = 'Get-History'; 'gi' = 'Get-Item'; 'gin' = 'Get-ComputerInfo'; 'gjb' = 'Get-Job'
    'gl' = 'Get-Location'; 'glg' = 'Get-LocalGroup'; 'glgm' = 'Get-LocalGroupMember'; 'glu' = 'Get-LocalUser'
    'gm' = 'Get-Member'; 'gmo' = 'Get-Module'; 'gp' = 'Get-ItemProperty'; 'gps' = 'Get-Process'
    'gpv' = 'Get-ItemPropertyValue'; 'group' = 'Group-Object'; 'gsn' = 'Get-PSSession'; 'gsnp' = 'Get-PSSnapin'
    'gsv' = 'Get-Service'; 'gtz' = 'Get-TimeZone'; 'gu' = 'Get-Unique'; 'gv' = 'Get-Variable'
    'gwmi' = 'Get-WmiObject'; 'h' = 'Get-History'; 'history' = 'Get-History'; 'icm' = 'Invoke-Command'
    'iex' = 'Invoke-Expression'; 'ihy' = 'Invoke-History'; 'ii' = 'Invoke-Item'; 'inmo' = 'Install-Module'
    'ipal' = 'Import-Alias'; 'ipcsv' = 'Import-Csv'; 'ipmo' = 'Import-Module'; 'ipsn' = 'Import-PSSession'
    'irm' = 'Invoke-RestMethod'; 'ise' = 'powershell_ise.exe'; 'iwmi' = 'Invoke-WmiMethod'
    'iwr' = 'Invoke-WebRequest'; 'kill' = 'Stop-Process'; 'lp' = 'Out-Printer'; 'ls' = 'Get-ChildItem'
    'man' = 'help'; 'md' = 'mkdir'; 'measure' = 'Measure-Object'; 'mi' = 'Move-Item'; 'mount' = 'New-PSDrive'
    'move' = 'Move-Item'; 'mp' = 'Move-ItemProperty'; 'mv' = 'Move-Item'; 'nal' = 'New-Alias'
    'ndr' = 'New-PSDrive'; 'ni' = 'New-Item'; 'nlg' = 'New-LocalGroup'; 'nlu' = 'New-LocalUser'
    'nmo' = 'New-Module'; 'npssc' = 'New-PSSessionConfigurationFile'; 'nsn' = 'New-PSSession'
    'nv' = 'New-Variable'; 'ogv' = 'Out-GridView'; 'oh' = 'Out-Host'; 'popd' = 'Pop-Location'
    'ps' = 'Get-Process'; 'pumo' = 'Publish-Module'; 'pushd' = 'Push-Location'; 'pwd' = 'Get-Location'
    'r' = 'Invoke-History'; 'rbp' = 'Remove-PSBreakpoint'; 'rcjb' = 'Receive-Job'; 'rcsn' = 'Receive-PSSession'
    'rd' = 'Remove-Item'; 'rdr' = 'Remove-PSDrive'; 'ren' = 'Rename-Item'; 'ri' = 'Remove-Item'
    'rjb' = 'Remove-Job'; 'rlg' = 'Remove-LocalGroup'; 'rlgm' = 'Remove-LocalGroupMember'
    'rlu' = 'Remove-LocalUser'; 'rm' = 'Remove-Item'; 'rmdir' = 'Remove-Item'; 'rmo' = 'Remove-Module'
    'rni' = 'Rename-Item'; 'rnlg' = 'Rename-LocalGroup'; 'rnlu' = 'Rename-LocalUser'
    'rnp' = 'Rename-ItemProperty'; 'rp' = 'Remove-ItemProperty'; 'rsn' = 'Remove-PSSession'
    'rsnp' = 'Remove-PSSnapin'; 'rujb' = 'Resume-Job'; 'rv' = 'Remove-Variable'; 'rvpa' = 'Resolve-Path'
    'rwmi' = 'Remove-WmiObject'; 'sajb' = 'Start-Job'; 'sal' = 'Set-Alias'; 'saps' = 'Start-Process'
    'sasv' = 'Start-Service'; 'sbp' = 'Set-PSBreakpoint'; 'sc' = 'Set-Content'; 'scb' = 'Set-Clipboard'
    'select' = 'Select-Object'; 'set' = 'Set-Variable'; 'shcm' = 'Show-Command'; 'si' = 'Set-Item'
    'sl' = 'Set-Location'; 'sleep' = 'Start-Sleep'; 'slg' = 'Set-LocalGroup'; 'sls' = 'Select-String'
    'slu' = 'Set-LocalUser'; 'sort' = 'Sort-Object'; 'sp' = 'Set-ItemProperty'; 'spjb' = 'Stop-Job'
    'spps' = 'Stop-Process'; 'spsv' = 'Stop-Service'; 'start' = 'Start-Process'; 'stz' = 'Set-TimeZone'
    'sujb' = 'Suspend-Job'; 'sv' = 'Set-Variable'; 'swmi' = 'Set-WmiInstance'; 'tee' = 'Tee-Object'
    'trcm' = 'Trace-Command'; 'type' = 'Get-Content'; 'upmo' = 'Update-Module'; 'wget' = 'Invoke-WebRequest'
    'where' = 'Where-Object'; 'wjb' = 'Wait-Job'; 'write' = 'Write-Output'
}

# Text files that the file-format rules read (everything else under ps-module is skipped).
$script:TextExtensions = @('.ps1', '.psm1', '.psd1', '.ps1xml', '.txt', '.md', '.xml', '.json', '.cdxml', '.mof', '.config')

function New-PgQAFinding {
    <#
    .SYNOPSIS
        Builds one finding object.
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.QA.Finding')]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Rule,

        [Parameter(Mandatory = $true)]
        [AllowEmptyString()]
        [string]
        $Path,

        [Parameter()]
        [int]
        $Line = 0,

        [Parameter()]
        [int]
        $Column = 0,

        [Parameter(Mandatory = $true)]
        [string]
        $Message
    )

    [pscustomobject]@{
        PSTypeName = 'PgCluster.QA.Finding'
        Rule       = $Rule
        Path       = $Path
        Line       = $Line
        Column     = $Column
        Message    = $Message
    }
}

function New-PgQAAstFinding {
    <#
    .SYNOPSIS
        Builds a finding positioned at an AST node or token extent.
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.QA.Finding')]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Rule,

        [Parameter(Mandatory = $true)]
        [string]
        $Path,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.Language.IScriptExtent]
        $Extent,

        [Parameter(Mandatory = $true)]
        [string]
        $Message
    )

    New-PgQAFinding -Rule $Rule -Path $Path -Line $Extent.StartLineNumber -Column $Extent.StartColumnNumber -Message $Message
}

function Get-PgQAParsedFile {
    <#
    .SYNOPSIS
        Parses a file with the real PowerShell parser (cached by path, size and write time).
        Returns Path, Ast, Tokens, Errors and Suppressions (line -> rule ids).
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Path
    )

    $item = Get-Item -LiteralPath $Path -ErrorAction Stop
    $key = '{0}|{1}|{2}' -f $item.FullName, $item.Length, $item.LastWriteTimeUtc.Ticks
    if ($script:ParseCache.ContainsKey($key)) {
        return $script:ParseCache[$key]
    }
    $tokens = $null
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($item.FullName, [ref]$tokens, [ref]$errors)

    $suppressions = @{}
    foreach ($token in $tokens) {
        if ($token.Kind -ne [System.Management.Automation.Language.TokenKind]::Comment) {
            continue
        }
        $match = [regex]::Match($token.Text, 'pgqa-allow:\s*([A-Za-z0-9.]+)\s*--\s*\S')
        if (-not $match.Success) {
            continue
        }
        $rule = $match.Groups[1].Value
        $line = $token.Extent.StartLineNumber
        # A comment alone on its line applies to the next line; a trailing comment to its own line.
        $before = $token.Extent.StartScriptPosition.Line.Substring(0, $token.Extent.StartColumnNumber - 1)
        if ($before.Trim().Length -eq 0) {
            $line = $line + 1
        }
        if (-not $suppressions.ContainsKey($line)) {
            $suppressions[$line] = @()
        }
        $suppressions[$line] += $rule
    }

    $parsed = [pscustomobject]@{
        Path         = $item.FullName
        Ast          = $ast
        Nodes        = $ast.FindAll((Get-PgQAPredicate), $true)
        Tokens       = $tokens
        Errors       = $errors
        Suppressions = $suppressions
    }
    $script:ParseCache[$key] = $parsed
    return $parsed
}

function Get-PgQAPredicate {
    <#
    .SYNOPSIS
        A compiled Func[Ast, bool] for Ast.Find/FindAll: "is of type T" (or "any node" without
        -Type). Compiled LINQ expressions are ~40 times faster than script-block predicates and
        need no Add-Type, in Windows PowerShell 5.1 and PowerShell 7 alike.
    #>
    [CmdletBinding()]
    [OutputType([System.Func[System.Management.Automation.Language.Ast, bool]])]
    param (
        [Parameter()]
        [type]
        $Type
    )

    $key = '*'
    if ($null -ne $Type) {
        $key = $Type.FullName
    }
    if (-not $script:PredicateCache.ContainsKey($key)) {
        $parameter = [System.Linq.Expressions.Expression]::Parameter([System.Management.Automation.Language.Ast], 'node')
        if ($null -ne $Type) {
            $body = [System.Linq.Expressions.Expression]::TypeIs($parameter, $Type)
        }
        else {
            $body = [System.Linq.Expressions.Expression]::Constant($true)
        }
        $lambda = [System.Linq.Expressions.Expression]::Lambda([System.Func[System.Management.Automation.Language.Ast, bool]], $body, [System.Linq.Expressions.ParameterExpression[]]@($parameter))
        $script:PredicateCache[$key] = $lambda.Compile()
    }
    return $script:PredicateCache[$key]
}

function Select-PgQANode {
    <#
    .SYNOPSIS
        The nodes of a parsed file (or of one node of it, -Within) that are of a given AST type.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.Language.Ast])]
    param (
        [Parameter(Mandatory = $true)]
        [object]
        $Parsed,

        [Parameter(Mandatory = $true)]
        [type]
        $Type,

        [Parameter()]
        [AllowNull()]
        [System.Management.Automation.Language.Ast]
        $Within
    )

    $root = $Parsed.Ast
    if ($null -ne $Within) {
        $root = $Within
    }
    $root.FindAll((Get-PgQAPredicate -Type $Type), $true)
}

function Remove-PgQASuppressedFinding {
    <#
    .SYNOPSIS
        Drops findings silenced by a "# pgqa-allow: <Rule> -- <reason>" comment.
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.QA.Finding')]
    param (
        [Parameter(Mandatory = $true)]
        [AllowNull()]
        [object]
        $Parsed,

        [Parameter()]
        [AllowNull()]
        [object[]]
        $Finding
    )

    foreach ($f in @($Finding)) {
        if ($null -eq $f) {
            continue
        }
        if ($null -ne $Parsed -and $Parsed.Suppressions.ContainsKey($f.Line) -and ($Parsed.Suppressions[$f.Line] -contains $f.Rule)) {
            continue
        }
        $f
    }
}

function Get-PgQAAliasTable {
    <#
    .SYNOPSIS
        Alias name -> target: Windows PowerShell 5.1 defaults merged with Get-Alias of this session.
    #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param ()

    if ($null -ne $script:AliasTableCache) {
        return $script:AliasTableCache
    }
    $table = @{}
    foreach ($name in $script:WindowsPowerShellAliases.Keys) {
        $table[$name] = $script:WindowsPowerShellAliases[$name]
    }
    foreach ($alias in (Microsoft.PowerShell.Utility\Get-Alias)) {
        if (-not $table.ContainsKey($alias.Name)) {
            $table[$alias.Name] = $alias.Definition
        }
    }
    $script:AliasTableCache = $table
    return $table
}

function Get-PgQAParameterArgument {
    <#
    .SYNOPSIS
        The argument AST given to a named parameter of a command (-Name:value or -Name value), or $null.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.Language.Ast])]
    param (
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.Language.CommandAst]
        $CommandAst,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.Language.CommandParameterAst]
        $ParameterAst
    )

    if ($null -ne $ParameterAst.Argument) {
        return $ParameterAst.Argument
    }
    $elements = $CommandAst.CommandElements
    for ($i = 0; $i -lt $elements.Count - 1; $i++) {
        if ([object]::ReferenceEquals($elements[$i], $ParameterAst)) {
            $next = $elements[$i + 1]
            if ($next -isnot [System.Management.Automation.Language.CommandParameterAst]) {
                return $next
            }
        }
    }
    return $null
}

function Resolve-PgQAParameterName {
    <#
    .SYNOPSIS
        The parameter a written (possibly abbreviated or aliased) parameter name binds to, using the
        command's parameters in this session (exact name or alias first, then a unique prefix).
        When the command is unknown here, falls back to a prefix of the -Candidate names.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Command,

        [Parameter(Mandatory = $true)]
        [string]
        $Name,

        [Parameter()]
        [string[]]
        $Candidate = @()
    )

    if (-not $script:ParameterMapCache.ContainsKey($Command)) {
        $map = $null
        $info = Get-Command -Name $Command -CommandType Cmdlet, Function -ErrorAction SilentlyContinue | Select-Object -First 1
        if ($null -ne $info -and $null -ne $info.Parameters) {
            $map = @{}
            foreach ($parameter in $info.Parameters.Values) {
                $map[$parameter.Name] = $parameter.Name
                foreach ($alias in $parameter.Aliases) {
                    $map[$alias] = $parameter.Name
                }
            }
        }
        $script:ParameterMapCache[$Command] = $map
    }
    $map = $script:ParameterMapCache[$Command]
    if ($null -ne $map) {
        # An exact name or alias is what was written (an alias may be the 5.1 name of a renamed
        # parameter, e.g. Invoke-WebRequest -TimeoutSec, now -ConnectionTimeoutSeconds).
        foreach ($key in $map.Keys) {
            if ($key -eq $Name) {
                return $key
            }
        }
        $keys = @($map.Keys | Where-Object -FilterScript { $_.StartsWith($Name, [System.StringComparison]::OrdinalIgnoreCase) })
        $hits = @($keys | ForEach-Object -Process { $map[$_] } | Sort-Object -Unique)
        if ($hits.Count -eq 1) {
            $other = @($keys | Where-Object -FilterScript { $Candidate -notcontains $_ })
            if ($other.Count -gt 0) {
                return $other[0]
            }
            return $hits[0]
        }
    }
    # Unknown command here (or no unique match): compare with the candidate names themselves.
    foreach ($c in $Candidate) {
        if ($c -eq $Name -or ($Name.Length -ge 3 -and $c.StartsWith($Name, [System.StringComparison]::OrdinalIgnoreCase) -and
                ($null -eq $map -or -not $map.ContainsKey($Name)))) {
            return $c
        }
    }
    return $null
}

function Test-PgQAParse {
    <#
    .SYNOPSIS
        Rule Parse.Error: the file must parse without errors with the PowerShell parser.
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.QA.Finding')]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Path
    )

    $parsed = Get-PgQAParsedFile -Path $Path
    foreach ($e in $parsed.Errors) {
        New-PgQAAstFinding -Rule 'Parse.Error' -Path $parsed.Path -Extent $e.Extent `
            -Message ("parse error {0}: {1} Fix the syntax here." -f $e.ErrorId, $e.Message)
    }
}

function Test-PgQAPlatformGuardTest {
    <#
    .SYNOPSIS
        True when an AST tests which PowerShell runs: it reads $PSVersionTable (PSEdition,
        PSVersion), or tests a platform variable itself (Test-Path variable:IsWindows,
        Get-Variable -Name IsWindows).
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param (
        [Parameter(Mandatory = $true)]
        [AllowNull()]
        [System.Management.Automation.Language.Ast]
        $Ast
    )

    if ($null -eq $Ast) {
        return $false
    }
    $platformNames = '^(' + ($script:PlatformVariables -join '|') + ')$'
    foreach ($node in $Ast.FindAll((Get-PgQAPredicate), $true)) {
        if ($node -is [System.Management.Automation.Language.VariableExpressionAst] -and $node.VariablePath.UserPath -eq 'PSVersionTable') {
            return $true
        }
        if ($node -is [System.Management.Automation.Language.StringConstantExpressionAst]) {
            if ($node.Value -match ('^variable:' + $platformNames.Substring(1))) {
                return $true
            }
            $command = $node.Parent
            if ($command -is [System.Management.Automation.Language.CommandAst] -and $node.Value -match $platformNames -and
                $command.GetCommandName() -in @('Get-Variable', 'gv', 'Test-Path')) {
                return $true
            }
        }
    }
    return $false
}

function Test-PgQAPlatformGuard {
    <#
    .SYNOPSIS
        True when a reference to $IsWindows, $IsLinux, $IsMacOS or $IsCoreCLR is guarded, which
        is the case when, walking up from it:
          - it is (inside) the right operand of an -and/-or whose left operand is a guard test, e.g.
            $PSVersionTable.PSEdition -eq 'Core' -and $IsWindows (5.1 never evaluates $IsWindows
            there, which Set-StrictMode would reject); or
          - it is inside the body or the else block of an if/elseif, or in a later elseif
            condition, and an earlier condition of that if statement is a guard test, e.g.
            if ($PSVersionTable.PSEdition -eq 'Desktop') { $true } else { $IsWindows }.
        A guard test reads $PSVersionTable or tests the variable itself (Test-Path variable:IsWindows).
        Only the presence of a guard is checked, not its polarity. The guard-free 5.1 spelling is
        (Get-Variable -Name IsWindows -ValueOnly -ErrorAction SilentlyContinue), which is no
        variable reference and never reported.
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param (
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.Language.Ast]
        $Node
    )

    $child = $Node
    $parent = $Node.Parent
    while ($null -ne $parent) {
        if ($parent -is [System.Management.Automation.Language.BinaryExpressionAst] -and
            "$($parent.Operator)" -in @('And', 'Or') -and [object]::ReferenceEquals($parent.Right, $child) -and
            (Test-PgQAPlatformGuardTest -Ast $parent.Left)) {
            return $true
        }
        if ($parent -is [System.Management.Automation.Language.IfStatementAst]) {
            $clauses = @($parent.Clauses)
            $position = -1
            $inBody = $false
            for ($i = 0; $i -lt $clauses.Count; $i++) {
                if ([object]::ReferenceEquals($clauses[$i].Item1, $child)) {
                    $position = $i
                }
                elseif ([object]::ReferenceEquals($clauses[$i].Item2, $child)) {
                    $position = $i
                    $inBody = $true
                }
            }
            if ($position -lt 0 -and [object]::ReferenceEquals($parent.ElseClause, $child)) {
                $position = $clauses.Count
            }
            # A condition guards its own body and everything after it, not itself.
            $last = $position - 1
            if ($inBody) {
                $last = $position
            }
            for ($i = 0; $i -le $last -and $i -lt $clauses.Count; $i++) {
                if (Test-PgQAPlatformGuardTest -Ast $clauses[$i].Item1) {
                    return $true
                }
            }
        }
        $child = $parent
        $parent = $parent.Parent
    }
    return $false
}

function Get-PgQAVariableAssignment {
    <#
    .SYNOPSIS
        The values assigned (= or +=, also through a cast: [string[]] $x = ...) to the variable
        Name in Scope before the offset Before: in Scope itself and its script blocks, not in the
        functions defined inside it, which have variables of their own.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.Language.StatementAst])]
    param (
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.Language.Ast]
        $Scope,

        [Parameter(Mandatory = $true)]
        [string]
        $Name,

        [Parameter(Mandatory = $true)]
        [int]
        $Before
    )

    foreach ($assignment in $Scope.FindAll((Get-PgQAPredicate -Type ([System.Management.Automation.Language.AssignmentStatementAst])), $true)) {
        if ($assignment.Extent.EndOffset -gt $Before -or "$($assignment.Operator)" -notin @('Equals', 'PlusEquals')) {
            continue
        }
        $target = $assignment.Left
        if ($target -is [System.Management.Automation.Language.ConvertExpressionAst]) {
            $target = $target.Child
        }
        if ($target -isnot [System.Management.Automation.Language.VariableExpressionAst] -or
            -not $target.VariablePath.UserPath.Equals($Name, [System.StringComparison]::OrdinalIgnoreCase)) {
            continue
        }
        $owner = $assignment.Parent
        while ($null -ne $owner -and $owner -isnot [System.Management.Automation.Language.FunctionDefinitionAst]) {
            $owner = $owner.Parent
        }
        $inScope = ($null -eq $owner -and $Scope -isnot [System.Management.Automation.Language.FunctionDefinitionAst]) -or
            [object]::ReferenceEquals($owner, $Scope)
        if ($inScope) {
            $assignment.Right
        }
    }
}

function Get-PgQANativeCall {
    <#
    .SYNOPSIS
        When a command runs a native program, the program's name and its arguments (each with
        Node, where to report it, and Value, the AST that becomes the argument); $null otherwise.
        A command is native when its name ends in .exe, .com, .cmd or .bat, is written as a path
        (not a .ps1), or is one of NativePrograms (and no 5.1 alias). Invoke-PgNative and
        Invoke-PgNodeTool (NativeArgumentWrappers) are native calls whose arguments are the value
        of -ArgumentList: named (or a unique prefix of the name), second positional, or the
        ArgumentList key of a hashtable splatted into them (@call, assigned earlier in Scope).
        A program in a variable (& $exe) is not known.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param (
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.Language.CommandAst]
        $CommandAst,

        [Parameter(Mandatory = $true)]
        [hashtable]
        $Alias,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.Language.Ast]
        $Scope
    )

    $name = $CommandAst.GetCommandName()
    if ([string]::IsNullOrEmpty($name)) {
        return $null
    }
    $elements = $CommandAst.CommandElements
    if ($script:NativeArgumentWrappers.ContainsKey($name)) {
        $parameters = $script:NativeArgumentWrappers[$name]
        $program = $name
        $arguments = @()
        # Named arguments first; the positional ones then fill the parameters still unbound, in
        # order (as PowerShell binds them).
        $named = @{}
        $positional = @()
        for ($i = 1; $i -lt $elements.Count; $i++) {
            $element = $elements[$i]
            if ($element -is [System.Management.Automation.Language.CommandParameterAst]) {
                $written = $element.ParameterName
                $bound = @($parameters | Where-Object -FilterScript { $_.StartsWith($written, [System.StringComparison]::OrdinalIgnoreCase) })
                $value = $element.Argument
                # None of the wrappers' parameters is a switch: a value follows the name.
                if ($null -eq $value -and $i + 1 -lt $elements.Count -and
                    $elements[$i + 1] -isnot [System.Management.Automation.Language.CommandParameterAst]) {
                    $i++
                    $value = $elements[$i]
                }
                if ($bound.Count -eq 1 -and $null -ne $value) {
                    $named[$bound[0]] = $value
                }
            }
            elseif ($element -is [System.Management.Automation.Language.VariableExpressionAst] -and $element.Splatted) {
                foreach ($assigned in @(Get-PgQAVariableAssignment -Scope $Scope -Name $element.VariablePath.UserPath -Before $CommandAst.Extent.StartOffset)) {
                    $table = $assigned
                    if ($table -is [System.Management.Automation.Language.PipelineAst]) {
                        $table = $table.GetPureExpression()
                    }
                    elseif ($table -is [System.Management.Automation.Language.CommandExpressionAst]) {
                        $table = $table.Expression
                    }
                    if ($table -isnot [System.Management.Automation.Language.HashtableAst]) {
                        continue
                    }
                    foreach ($pair in $table.KeyValuePairs) {
                        if ($pair.Item1 -isnot [System.Management.Automation.Language.StringConstantExpressionAst]) {
                            continue
                        }
                        if ($pair.Item1.Value -eq 'ArgumentList') {
                            $arguments += [pscustomobject]@{ Node = $element; Value = $pair.Item2 }
                        }
                        elseif ($pair.Item1.Value -eq $parameters[0] -and $pair.Item2 -is [System.Management.Automation.Language.PipelineAst] -and
                            $pair.Item2.GetPureExpression() -is [System.Management.Automation.Language.StringConstantExpressionAst]) {
                            $program = $pair.Item2.GetPureExpression().Value
                        }
                    }
                }
            }
            else {
                $positional += $element
            }
        }
        $unbound = @($parameters | Where-Object -FilterScript { -not $named.ContainsKey($_) })
        for ($i = 0; $i -lt $positional.Count -and $i -lt $unbound.Count; $i++) {
            $named[$unbound[$i]] = $positional[$i]
        }
        if ($named.ContainsKey('ArgumentList')) {
            $arguments += [pscustomobject]@{ Node = $named['ArgumentList']; Value = $named['ArgumentList'] }
        }
        if ($named.ContainsKey($parameters[0]) -and $named[$parameters[0]] -is [System.Management.Automation.Language.StringConstantExpressionAst]) {
            $program = $named[$parameters[0]].Value
        }
        return [pscustomobject]@{ Program = $program; Arguments = $arguments }
    }
    $leaf = $name.Replace('\', '/')
    $isPath = $leaf.Contains('/')
    $leaf = $leaf.Substring($leaf.LastIndexOf('/') + 1)
    $native = $false
    if ($leaf -match '\.(exe|com|cmd|bat)$') {
        $native = $true
    }
    elseif ($isPath -and $leaf -notmatch '\.ps(m?)1$') {
        $native = $true
    }
    elseif (-not $isPath -and ($script:NativePrograms -contains $leaf) -and -not $Alias.ContainsKey($leaf)) {
        $native = $true
    }
    if (-not $native) {
        return $null
    }
    $arguments = @(for ($i = 1; $i -lt $elements.Count; $i++) {
            $element = $elements[$i]
            if ($element -is [System.Management.Automation.Language.CommandParameterAst]) {
                if ($null -ne $element.Argument) {
                    [pscustomobject]@{ Node = $element.Argument; Value = $element.Argument }
                }
                continue
            }
            [pscustomobject]@{ Node = $element; Value = $element }
        })
    return [pscustomobject]@{ Program = $name; Arguments = $arguments }
}

function Get-PgQAQuoteOrigin {
    <#
    .SYNOPSIS
        The AST node that puts a double-quote character into the value of an expression, or
        $null: a string literal holding one (its expanded parts aside), the call of a command that
        returns quoted command lines (QuotingCommands), or, through variables, a value assigned
        to the variable before offset Before in the same function (or at script level, outside
        the functions; see Get-PgQAVariableAssignment). Follows arrays (@(), a, b), +, -f (format
        string and values), -join (items and separator), -replace (input and replacement, not the
        pattern), casts, parentheses, $() and if/else values.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.Language.Ast])]
    param (
        [Parameter(Mandatory = $true)]
        [AllowNull()]
        [System.Management.Automation.Language.Ast]
        $Ast,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.Language.Ast]
        $Scope,

        [Parameter(Mandatory = $true)]
        [int]
        $Before,

        [Parameter(Mandatory = $true)]
        [hashtable]
        $Visited
    )

    if ($null -eq $Ast) {
        return $null
    }
    $next = @()
    if ($Ast -is [System.Management.Automation.Language.StringConstantExpressionAst]) {
        if ($Ast.Value.Contains('"')) {
            return $Ast
        }
        return $null
    }
    elseif ($Ast -is [System.Management.Automation.Language.ExpandableStringExpressionAst]) {
        $literal = $Ast.Value
        foreach ($nested in $Ast.NestedExpressions) {
            $literal = $literal.Replace($nested.Extent.Text, '')
        }
        if ($literal.Contains('"')) {
            return $Ast
        }
        $next = @($Ast.NestedExpressions)
    }
    elseif ($Ast -is [System.Management.Automation.Language.ArrayExpressionAst]) {
        $next = @($Ast.SubExpression.Statements)
    }
    elseif ($Ast -is [System.Management.Automation.Language.SubExpressionAst]) {
        $next = @($Ast.SubExpression.Statements)
    }
    elseif ($Ast -is [System.Management.Automation.Language.ParenExpressionAst]) {
        $next = @($Ast.Pipeline)
    }
    elseif ($Ast -is [System.Management.Automation.Language.ArrayLiteralAst]) {
        $next = @($Ast.Elements)
    }
    elseif ($Ast -is [System.Management.Automation.Language.BinaryExpressionAst]) {
        $op = "$($Ast.Operator)"
        if ($op -eq 'Plus' -or $op -eq 'Format' -or $op -eq 'Join') {
            $next = @($Ast.Left, $Ast.Right)
        }
        elseif ($op -match '^[IC]?Replace$') {
            # The pattern may hold a quote (-replace '"', ''); the replacement puts one in.
            $next = @($Ast.Left)
            if ($Ast.Right -is [System.Management.Automation.Language.ArrayLiteralAst] -and $Ast.Right.Elements.Count -ge 2) {
                $next += $Ast.Right.Elements[1]
            }
        }
    }
    elseif ($Ast -is [System.Management.Automation.Language.UnaryExpressionAst]) {
        if ("$($Ast.TokenKind)" -eq 'Join') {
            $next = @($Ast.Child)
        }
    }
    elseif ($Ast -is [System.Management.Automation.Language.ConvertExpressionAst]) {
        $next = @($Ast.Child)
    }
    elseif ($Ast -is [System.Management.Automation.Language.CommandExpressionAst]) {
        $next = @($Ast.Expression)
    }
    elseif ($Ast -is [System.Management.Automation.Language.PipelineAst]) {
        if ($Ast.PipelineElements.Count -gt 0) {
            $next = @($Ast.PipelineElements[$Ast.PipelineElements.Count - 1])
        }
    }
    elseif ($Ast -is [System.Management.Automation.Language.CommandAst]) {
        if ($script:QuotingCommands -contains $Ast.GetCommandName()) {
            return $Ast
        }
    }
    elseif ($Ast -is [System.Management.Automation.Language.IfStatementAst]) {
        $next = @($Ast.Clauses | ForEach-Object -Process { $_.Item2.Statements })
        if ($null -ne $Ast.ElseClause) {
            $next += @($Ast.ElseClause.Statements)
        }
    }
    elseif ($Ast -is [System.Management.Automation.Language.VariableExpressionAst]) {
        $name = $Ast.VariablePath.UserPath.ToLowerInvariant()
        if ($Visited.ContainsKey($name)) {
            return $null
        }
        $Visited[$name] = $true
        $next = @(Get-PgQAVariableAssignment -Scope $Scope -Name $name -Before $Before)
    }
    foreach ($n in $next) {
        $origin = Get-PgQAQuoteOrigin -Ast $n -Scope $Scope -Before $Before -Visited $Visited
        if ($null -ne $origin) {
            return $origin
        }
    }
    return $null
}

function Get-PgQAExemption {
    <#
    .SYNOPSIS
        The documented exemptions of the rules (Rule, Path, Reason); see $script:Exemptions.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param ()

    $script:Exemptions
}

function Test-PgQAWindowsPowerShellCompatibility {
    <#
    .SYNOPSIS
        Rules Compat.*: no syntax, commands, parameters or variables that Windows PowerShell 5.1
        lacks, and no native-command argument that 5.1 would pass differently.

    .DESCRIPTION
        Walks the whole AST (and the tokens) of the file:
          Compat.Ternary                    a ? b : c                  (TernaryExpressionAst)
          Compat.PipelineChain              a && b, a || b             (PipelineChainAst)
          Compat.NullCoalescing             a ?? b                     (BinaryExpressionAst QuestionQuestion)
          Compat.NullCoalescingAssignment   a ??= b                    (AssignmentStatementAst QuestionQuestionEquals)
          Compat.NullConditional            a?.b, a?[0]                (Member/IndexExpressionAst.NullConditional)
          Compat.BackgroundOperator         command &                  (PipelineAst.Background)
          Compat.CleanBlock                 clean { }                  (ScriptBlockAst.CleanBlock, 7.3+)
          Compat.UnicodeEscape              "`u{263A}"
          Compat.ForEachParallel            ForEach-Object -Parallel
          Compat.PSStyle                    $PSStyle
          Compat.AutomaticVariable          $IsWindows, $IsLinux, $IsMacOS, $IsCoreCLR without a guard
                                            (see Test-PgQAPlatformGuard), $PSNativeCommandArgumentPassing ...
          Compat.Command                    Join-String, Get-Error, Test-Json, ... (CommandsNotIn51)
          Compat.Parameter                  ConvertFrom-Json -AsHashtable, ConvertTo-Json -AsArray
                                            -EnumsAsStrings, Get/Set/Add-Content -AsByteStream,
                                            Invoke-RestMethod/-WebRequest -SkipCertificateCheck,
                                            Start-Process -Environment, ... (ParametersNotIn51),
                                            Join-Path with 3+ segments
          Compat.EncodingValue              -Encoding utf8NoBOM/utf8BOM/ansi, a code page number, a
                                            .NET name (windows-1252) or an Encoding object
          Compat.NativeArgumentQuote        a native program (sc.exe, icacls, cmd, ... see
                                            Get-PgQANativeCall) given an argument with an embedded
                                            double quote: a literal, or a variable/array built from
                                            one (Get-PgQAQuoteOrigin). 5.1 does not escape it, so the
                                            program sees the argument end at the quote.
        Not reported, as 5.1 has them: classes and ::new(), using namespace, Import-PowerShellDataFile.
        Findings of $script:Exemptions (-Exemption) are dropped, as are those silenced by pgqa-allow.
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.QA.Finding')]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Path,

        [Parameter()]
        [AllowEmptyCollection()]
        [object[]]
        $Exemption = $script:Exemptions
    )

    $parsed = Get-PgQAParsedFile -Path $Path
    $file = $parsed.Path
    $aliases = Get-PgQAAliasTable
    $findings = New-Object -TypeName System.Collections.Generic.List[object]

    # PowerShell 7-only AST properties, looked up once (absent on 5.1, where such code cannot parse).
    $hasNullConditional = $null -ne [System.Management.Automation.Language.MemberExpressionAst].GetProperty('NullConditional')
    $hasIndexNullConditional = $null -ne [System.Management.Automation.Language.IndexExpressionAst].GetProperty('NullConditional')
    $hasBackground = $null -ne [System.Management.Automation.Language.PipelineAst].GetProperty('Background')
    $hasCleanBlock = $null -ne [System.Management.Automation.Language.ScriptBlockAst].GetProperty('CleanBlock')
    $nullConditionalMessage = "the null-conditional operators ?. and ?[] are PowerShell 7 only; test for `$null first"

    foreach ($node in $parsed.Nodes) {
        if ($node -is [System.Management.Automation.Language.CommandAst]) {
            $written = $node.GetCommandName()
            if ([string]::IsNullOrEmpty($written)) {
                continue
            }
            $command = $written
            if ($aliases.ContainsKey($written)) {
                $command = $aliases[$written]
            }
            if ($script:CommandsNotIn51.ContainsKey($command)) {
                $findings.Add((New-PgQAAstFinding -Rule 'Compat.Command' -Path $file -Extent $node.CommandElements[0].Extent `
                            -Message ("{0} does not exist in Windows PowerShell 5.1; {1}" -f $command, $script:CommandsNotIn51[$command])))
            }
            $banned = @()
            if ($script:ParametersNotIn51.ContainsKey($command)) {
                $banned = $script:ParametersNotIn51[$command]
            }
            $positional = 0
            for ($i = 1; $i -lt $node.CommandElements.Count; $i++) {
                $element = $node.CommandElements[$i]
                if ($element -isnot [System.Management.Automation.Language.CommandParameterAst]) {
                    $previous = $node.CommandElements[$i - 1]
                    $isArgument = ($previous -is [System.Management.Automation.Language.CommandParameterAst]) -and ($null -eq $previous.Argument) -and
                        -not ($previous.ParameterName -in @('Force', 'Recurse', 'PassThru', 'Raw', 'Resolve', 'IsValid', 'Leaf', 'Parent'))
                    if (-not $isArgument) {
                        $positional++
                    }
                    continue
                }
                $p = $element.ParameterName
                if ($command -eq 'ForEach-Object' -and $p.Length -ge 3 -and 'Parallel'.StartsWith($p, [System.StringComparison]::OrdinalIgnoreCase)) {
                    $findings.Add((New-PgQAAstFinding -Rule 'Compat.ForEachParallel' -Path $file -Extent $element.Extent `
                                -Message 'ForEach-Object -Parallel is PowerShell 7 only; use a plain foreach loop or Start-Job'))
                    continue
                }
                if ($banned.Count -gt 0) {
                    $used = Resolve-PgQAParameterName -Command $command -Name $p -Candidate $banned
                    if ($null -ne $used -and ($banned -contains $used)) {
                        $findings.Add((New-PgQAAstFinding -Rule 'Compat.Parameter' -Path $file -Extent $element.Extent `
                                    -Message ("{0} -{1} does not exist in Windows PowerShell 5.1; remove it or use a 5.1 equivalent" -f $command, $used)))
                    }
                }
                if ($p.Length -ge 3 -and 'Encoding'.StartsWith($p, [System.StringComparison]::OrdinalIgnoreCase) -and ($script:EncodingCommands -contains $command)) {
                    $arg = Get-PgQAParameterArgument -CommandAst $node -ParameterAst $element
                    $what = $null
                    if ($arg -is [System.Management.Automation.Language.StringConstantExpressionAst]) {
                        if ($script:EncodingNamesIn51 -notcontains $arg.Value) {
                            $what = "the name '{0}'" -f $arg.Value
                        }
                    }
                    elseif ($arg -is [System.Management.Automation.Language.ConstantExpressionAst]) {
                        $what = "a code page number ({0})" -f $arg.Value
                    }
                    elseif ($null -ne $arg) {
                        $encodingObject = $arg.Find({
                                param ($n)
                                ($n -is [System.Management.Automation.Language.TypeExpressionAst] -and $n.TypeName.FullName -match 'Encoding$') -or
                                ($n -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $n.Value -match '^(System\.)?Text\.\w*Encoding$')
                            }, $true)
                        if ($null -ne $encodingObject) {
                            $what = 'a [System.Text.Encoding] object'
                        }
                    }
                    if ($null -ne $what) {
                        $findings.Add((New-PgQAAstFinding -Rule 'Compat.EncodingValue' -Path $file -Extent $arg.Extent `
                                    -Message ("{0} -Encoding takes {1} only in PowerShell 6+; Windows PowerShell 5.1 knows the names {2}. For UTF-8 without BOM write [System.IO.File]::WriteAllText(path, text, (New-Object -TypeName System.Text.UTF8Encoding -ArgumentList `$false)); else use -Encoding ASCII/UTF8/Unicode" -f $command, $what, ($script:EncodingNamesIn51 -join ', '))))
                    }
                }
            }
            if ($command -eq 'Join-Path' -and $positional -gt 2) {
                $findings.Add((New-PgQAAstFinding -Rule 'Compat.Parameter' -Path $file -Extent $node.Extent `
                            -Message 'Join-Path with more than two path segments (-AdditionalChildPath) is PowerShell 6+ only; nest Join-Path calls'))
            }
            $scope = $node.Parent
            while ($null -ne $scope.Parent -and $scope -isnot [System.Management.Automation.Language.FunctionDefinitionAst]) {
                $scope = $scope.Parent
            }
            $native = Get-PgQANativeCall -CommandAst $node -Alias $aliases -Scope $scope
            if ($null -ne $native) {
                foreach ($argument in $native.Arguments) {
                    $origin = Get-PgQAQuoteOrigin -Ast $argument.Value -Scope $scope -Before $node.Extent.StartOffset -Visited @{}
                    if ($null -eq $origin) {
                        continue
                    }
                    $source = 'the argument itself'
                    if (-not [object]::ReferenceEquals($origin, $argument.Node)) {
                        $text = $origin.Extent.Text -replace '\s+', ' '
                        if ($text.Length -gt 60) {
                            $text = $text.Substring(0, 57) + '...'
                        }
                        $source = "from line {0}: {1}" -f $origin.Extent.StartLineNumber, $text
                    }
                    $findings.Add((New-PgQAAstFinding -Rule 'Compat.NativeArgumentQuote' -Path $file -Extent $argument.Node.Extent `
                                -Message ("argument {0} of native program {1} holds an embedded double quote ({2}); Windows PowerShell 5.1 passes it unescaped and the program splits the argument at the quote. Pass the parts as separate arguments without quotes, or give the whole command line as one string to System.Diagnostics.ProcessStartInfo.Arguments" -f $argument.Node.Extent.Text, $native.Program, $source)))
                }
            }
        }
        elseif ($node -is [System.Management.Automation.Language.VariableExpressionAst]) {
            $name = $node.VariablePath.UserPath
            if ($name -eq 'PSStyle') {
                $findings.Add((New-PgQAAstFinding -Rule 'Compat.PSStyle' -Path $file -Extent $node.Extent `
                            -Message '$PSStyle does not exist in Windows PowerShell 5.1; do not format output with ANSI styles'))
            }
            elseif ($script:VariablesNotIn51.ContainsKey($name)) {
                $isPlatform = $script:PlatformVariables -contains $name
                if ($isPlatform -and (Test-PgQAPlatformGuard -Node $node)) {
                    continue
                }
                $hint = ''
                if ($isPlatform) {
                    $hint = "; or guard it: `$PSVersionTable.PSEdition -eq 'Core' -and `${0}, or inside if (`$PSVersionTable.PSEdition -eq 'Core') {{ }}" -f $name
                }
                $findings.Add((New-PgQAAstFinding -Rule 'Compat.AutomaticVariable' -Path $file -Extent $node.Extent `
                            -Message ("`${0} is undefined (`$null, an error under Set-StrictMode) in Windows PowerShell 5.1; {1}{2}" -f $name, $script:VariablesNotIn51[$name], $hint)))
            }
        }
        elseif ($node -is [System.Management.Automation.Language.MemberExpressionAst]) {
            # Also covers InvokeMemberExpressionAst (a subclass).
            if ($hasNullConditional -and $node.NullConditional) {
                $findings.Add((New-PgQAAstFinding -Rule 'Compat.NullConditional' -Path $file -Extent $node.Extent -Message $nullConditionalMessage))
            }
        }
        elseif ($node -is [System.Management.Automation.Language.IndexExpressionAst]) {
            if ($hasIndexNullConditional -and $node.NullConditional) {
                $findings.Add((New-PgQAAstFinding -Rule 'Compat.NullConditional' -Path $file -Extent $node.Extent -Message $nullConditionalMessage))
            }
        }
        elseif ($node -is [System.Management.Automation.Language.BinaryExpressionAst]) {
            if ("$($node.Operator)" -eq 'QuestionQuestion') {
                $findings.Add((New-PgQAAstFinding -Rule 'Compat.NullCoalescing' -Path $file -Extent $node.Extent `
                            -Message "the ?? operator is PowerShell 7 only; use if (`$null -eq `$a) { `$b } else { `$a }"))
            }
        }
        elseif ($node -is [System.Management.Automation.Language.AssignmentStatementAst]) {
            if ("$($node.Operator)" -eq 'QuestionQuestionEquals') {
                $findings.Add((New-PgQAAstFinding -Rule 'Compat.NullCoalescingAssignment' -Path $file -Extent $node.Extent `
                            -Message "the ??= operator is PowerShell 7 only; use if (`$null -eq `$a) { `$a = `$b }"))
            }
        }
        elseif ($node -is [System.Management.Automation.Language.PipelineAst]) {
            if ($hasBackground -and $node.Background) {
                $findings.Add((New-PgQAAstFinding -Rule 'Compat.BackgroundOperator' -Path $file -Extent $node.Extent `
                            -Message 'the trailing & background operator is PowerShell 6+ only; use Start-Job'))
            }
        }
        elseif ($node -is [System.Management.Automation.Language.ScriptBlockAst]) {
            if ($hasCleanBlock -and $null -ne $node.CleanBlock) {
                $findings.Add((New-PgQAAstFinding -Rule 'Compat.CleanBlock' -Path $file -Extent $node.CleanBlock.Extent `
                            -Message 'the clean {} block is PowerShell 7.3+ only; use try/finally in end {}'))
            }
        }
        else {
            $typeName = $node.GetType().Name
            if ($typeName -eq 'TernaryExpressionAst') {
                $findings.Add((New-PgQAAstFinding -Rule 'Compat.Ternary' -Path $file -Extent $node.Extent `
                            -Message "the ternary operator (a ? b : c) is PowerShell 7 only; use if/else: `$x = if (cond) { a } else { b }"))
            }
            elseif ($typeName -eq 'PipelineChainAst') {
                $op = '&&'
                if ("$($node.Operator)" -eq 'OrOr') {
                    $op = '||'
                }
                $findings.Add((New-PgQAAstFinding -Rule 'Compat.PipelineChain' -Path $file -Extent $node.Extent `
                            -Message "the pipeline chain operator $op is PowerShell 7 only; run the commands as separate statements and test `$? or `$LASTEXITCODE"))
            }
        }
    }

    foreach ($token in $parsed.Tokens) {
        if ($token.Kind -in @([System.Management.Automation.Language.TokenKind]::StringExpandable, [System.Management.Automation.Language.TokenKind]::HereStringExpandable)) {
            if ($token.Text -match '`u\{') {
                $findings.Add((New-PgQAAstFinding -Rule 'Compat.UnicodeEscape' -Path $file -Extent $token.Extent `
                            -Message 'the `u{XXXX} escape is PowerShell 6+ only (5.1 prints a literal u{...}); use [char]0xXXXX'))
            }
        }
    }

    $kept = foreach ($f in $findings) {
        $normalized = $f.Path.Replace('\', '/')
        $exempt = @($Exemption | Where-Object -FilterScript {
                $null -ne $_ -and $_.Rule -eq $f.Rule -and -not [string]::IsNullOrWhiteSpace($_.Reason) -and
                $normalized.EndsWith('/' + $_.Path.Replace('\', '/').TrimStart('/'), [System.StringComparison]::OrdinalIgnoreCase)
            })
        if ($exempt.Count -eq 0) {
            $f
        }
    }
    Remove-PgQASuppressedFinding -Parsed $parsed -Finding @($kept)
}

function Test-PgQAFileFormat {
    <#
    .SYNOPSIS
        Rules Format.*: plain ASCII (Windows PowerShell 5.1 reads BOM-less UTF-8 as the ANSI code
        page), no byte-order mark, no trailing whitespace, no tab characters.
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.QA.Finding')]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Path
    )

    $full = (Get-Item -LiteralPath $Path -ErrorAction Stop).FullName
    $bytes = [System.IO.File]::ReadAllBytes($full)
    $start = 0
    if ($bytes.Length -ge 3 -and $bytes[0] -eq 0xEF -and $bytes[1] -eq 0xBB -and $bytes[2] -eq 0xBF) {
        New-PgQAFinding -Rule 'Format.Bom' -Path $full -Line 1 -Column 1 -Message 'the file starts with a UTF-8 byte-order mark; save it as plain ASCII without BOM'
        $start = 3
    }
    $line = 1
    $column = 1
    $lineStart = $start
    $nonAsciiReported = $false
    $tabReported = $false
    for ($i = $start; $i -le $bytes.Length; $i++) {
        $atEnd = ($i -eq $bytes.Length)
        $b = 0
        if (-not $atEnd) {
            $b = $bytes[$i]
        }
        if ($atEnd -or $b -eq 0x0A) {
            # End of a line: look back for trailing blanks (a CR before LF is not whitespace here).
            $j = $i - 1
            if ($j -ge $lineStart -and $bytes[$j] -eq 0x0D) {
                $j--
            }
            if ($j -ge $lineStart -and ($bytes[$j] -eq 0x20 -or $bytes[$j] -eq 0x09)) {
                $k = $j
                while ($k -gt $lineStart -and ($bytes[$k - 1] -eq 0x20 -or $bytes[$k - 1] -eq 0x09)) {
                    $k--
                }
                New-PgQAFinding -Rule 'Format.TrailingWhitespace' -Path $full -Line $line -Column ($k - $lineStart + 1) `
                    -Message 'trailing whitespace; delete the spaces/tabs at the end of this line'
            }
            $line++
            $column = 1
            $lineStart = $i + 1
            $nonAsciiReported = $false
            $tabReported = $false
            continue
        }
        if ($b -eq 0x09 -and -not $tabReported) {
            New-PgQAFinding -Rule 'Format.Tab' -Path $full -Line $line -Column $column -Message 'tab character; indent with 4 spaces'
            $tabReported = $true
        }
        elseif ($b -gt 0x7F -and -not $nonAsciiReported) {
            New-PgQAFinding -Rule 'Format.NonAscii' -Path $full -Line $line -Column $column `
                -Message ("non-ASCII byte 0x{0:X2}; Windows PowerShell 5.1 would misread it. Use ASCII only (write [char]0x.... in code)" -f $b)
            $nonAsciiReported = $true
        }
        $column++
    }
}

function Get-PgQATopLevelFunction {
    <#
    .SYNOPSIS
        The function definitions at the top level of a parsed file (not nested in another function).
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.Language.FunctionDefinitionAst])]
    param (
        [Parameter(Mandatory = $true)]
        [object]
        $Parsed
    )

    foreach ($node in (Select-PgQANode -Parsed $Parsed -Type ([System.Management.Automation.Language.FunctionDefinitionAst]))) {
        $parent = $node.Parent
        $nested = $false
        while ($null -ne $parent) {
            if ($parent -is [System.Management.Automation.Language.FunctionDefinitionAst]) {
                $nested = $true
                break
            }
            $parent = $parent.Parent
        }
        if (-not $nested) {
            $node
        }
    }
}

function Test-PgQAFunctionFile {
    <#
    .SYNOPSIS
        Rules Layout.* and Naming.*: a Public/Private file defines exactly one function named as the
        file and nothing else; a public function uses an approved verb (also approved in 5.1) and a
        noun starting with the prefix (Pg).
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.QA.Finding')]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Path,

        [Parameter(Mandatory = $true)]
        [ValidateSet('Public', 'Private')]
        [string]
        $Kind,

        [Parameter()]
        [string]
        $NounPrefix = 'Pg'
    )

    $parsed = Get-PgQAParsedFile -Path $Path
    $file = $parsed.Path
    $expected = [System.IO.Path]::GetFileNameWithoutExtension($file)
    $functions = @(Get-PgQATopLevelFunction -Parsed $parsed)
    $findings = New-Object -TypeName System.Collections.Generic.List[object]

    if ($functions.Count -eq 0) {
        $findings.Add((New-PgQAFinding -Rule 'Layout.FunctionCount' -Path $file -Line 1 -Column 1 `
                    -Message "no function is defined; a $Kind file must define exactly one function named $expected"))
    }
    elseif ($functions.Count -gt 1) {
        foreach ($extra in ($functions | Select-Object -Skip 1)) {
            $findings.Add((New-PgQAAstFinding -Rule 'Layout.FunctionCount' -Path $file -Extent $extra.Extent `
                        -Message ("second function '{0}' in this file; move it to {1}/{0}.ps1 (one function per file)" -f $extra.Name, $Kind)))
        }
    }

    foreach ($statement in $parsed.Ast.EndBlock.Statements) {
        if ($statement -is [System.Management.Automation.Language.FunctionDefinitionAst]) {
            continue
        }
        $findings.Add((New-PgQAAstFinding -Rule 'Layout.TopLevelCode' -Path $file -Extent $statement.Extent `
                    -Message 'code outside the function runs when the module is imported; move it into the function (or into the .psm1)'))
    }
    foreach ($block in @($parsed.Ast.BeginBlock, $parsed.Ast.ProcessBlock, $parsed.Ast.DynamicParamBlock)) {
        if ($null -ne $block) {
            $findings.Add((New-PgQAAstFinding -Rule 'Layout.TopLevelCode' -Path $file -Extent $block.Extent `
                        -Message 'script-level begin/process/dynamicparam block; a function file must contain only the function'))
        }
    }
    if ($null -ne $parsed.Ast.ParamBlock) {
        $findings.Add((New-PgQAAstFinding -Rule 'Layout.TopLevelCode' -Path $file -Extent $parsed.Ast.ParamBlock.Extent `
                    -Message 'script-level param() block; a function file must contain only the function'))
    }

    if ($functions.Count -ge 1) {
        $fn = $functions[0]
        $nameExtent = $fn.Extent
        if ($fn.Name -cne $expected) {
            $hint = "rename the function to $expected or the file to $($fn.Name).ps1"
            if ($fn.Name -eq $expected) {
                $hint = "the case differs; write it exactly as the file name $expected"
            }
            $findings.Add((New-PgQAAstFinding -Rule 'Layout.FunctionName' -Path $file -Extent $nameExtent `
                        -Message ("function '{0}' does not match the file name '{1}.ps1'; {2}" -f $fn.Name, $expected, $hint)))
        }
        if ($Kind -eq 'Public') {
            $parts = $fn.Name.Split('-')
            if ($parts.Count -ne 2 -or $parts[0].Length -eq 0 -or $parts[1].Length -eq 0) {
                $findings.Add((New-PgQAAstFinding -Rule 'Naming.Verb' -Path $file -Extent $nameExtent `
                            -Message ("'{0}' is not in Verb-Noun form" -f $fn.Name)))
            }
            else {
                $verb = $parts[0]
                $noun = $parts[1]
                if ($null -eq $script:ApprovedVerbCache) {
                    $script:ApprovedVerbCache = @(Get-Verb | ForEach-Object -Process { $_.Verb })
                }
                $approved = $script:ApprovedVerbCache
                $match = $approved | Where-Object -FilterScript { $_ -ceq $verb }
                if (-not $match) {
                    $ci = $approved | Where-Object -FilterScript { $_ -eq $verb }
                    $suggest = 'pick one from Get-Verb'
                    if ($ci) {
                        $suggest = "write it as '$ci'"
                    }
                    $findings.Add((New-PgQAAstFinding -Rule 'Naming.Verb' -Path $file -Extent $nameExtent `
                                -Message ("verb '{0}' of {1} is not an approved verb; {2}" -f $verb, $fn.Name, $suggest)))
                }
                elseif ($script:VerbsNotIn51 -contains $verb) {
                    $findings.Add((New-PgQAAstFinding -Rule 'Naming.Verb' -Path $file -Extent $nameExtent `
                                -Message ("verb '{0}' is approved only since PowerShell 6; Windows PowerShell 5.1 warns on import. Use another verb from Get-Verb" -f $verb)))
                }
                if (-not $noun.StartsWith($NounPrefix, [System.StringComparison]::Ordinal) -or $noun.Length -le $NounPrefix.Length -or
                    -not [char]::IsUpper($noun[$NounPrefix.Length])) {
                    $findings.Add((New-PgQAAstFinding -Rule 'Naming.NounPrefix' -Path $file -Extent $nameExtent `
                                -Message ("the noun '{0}' of {1} must start with the module prefix '{2}' followed by a capital letter, e.g. {3}-{2}Thing" -f $noun, $fn.Name, $NounPrefix, $verb)))
                }
            }
        }
    }

    Remove-PgQASuppressedFinding -Parsed $parsed -Finding $findings.ToArray()
}

function Get-PgQAFunctionInfo {
    <#
    .SYNOPSIS
        Facts about the function(s) of a file: name, verb, parameters, CmdletBinding arguments,
        OutputType presence, SupportsShouldProcess, ShouldProcess calls, invoked commands.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Path
    )

    $parsed = Get-PgQAParsedFile -Path $Path
    if ($null -ne $parsed.PSObject.Properties['FunctionInfo']) {
        return $parsed.FunctionInfo
    }
    $infos = foreach ($fn in @(Get-PgQATopLevelFunction -Parsed $parsed)) {
        $paramBlock = $fn.Body.ParamBlock
        $parameters = @()
        $attributes = @()
        if ($null -ne $paramBlock) {
            $parameters = @($paramBlock.Parameters)
            $attributes = @($paramBlock.Attributes)
        }
        elseif ($null -ne $fn.Parameters) {
            $parameters = @($fn.Parameters)
        }
        $cmdletBinding = $attributes | Where-Object -FilterScript {
            $_.TypeName.Name -in @('CmdletBinding', 'CmdletBindingAttribute', 'System.Management.Automation.CmdletBinding', 'System.Management.Automation.CmdletBindingAttribute')
        } | Select-Object -First 1
        $outputType = @($attributes | Where-Object -FilterScript {
                $_.TypeName.Name -in @('OutputType', 'OutputTypeAttribute', 'System.Management.Automation.OutputType', 'System.Management.Automation.OutputTypeAttribute')
            })
        $supports = $false
        if ($null -ne $cmdletBinding) {
            foreach ($named in $cmdletBinding.NamedArguments) {
                if ($named.ArgumentName -ne 'SupportsShouldProcess') {
                    continue
                }
                if ($named.ExpressionOmitted) {
                    $supports = $true
                }
                else {
                    $value = $null
                    try {
                        $value = $named.Argument.SafeGetValue()
                    }
                    catch {
                        $value = $named.Argument.Extent.Text -notmatch '^\$false$|^0$'
                    }
                    $supports = [bool]$value
                }
            }
        }
        $callsShouldProcess = $false
        foreach ($node in (Select-PgQANode -Parsed $parsed -Type ([System.Management.Automation.Language.InvokeMemberExpressionAst]) -Within $fn)) {
            if ($node.Expression -is [System.Management.Automation.Language.VariableExpressionAst] -and
                $node.Expression.VariablePath.UserPath -eq 'PSCmdlet' -and
                $node.Member -is [System.Management.Automation.Language.StringConstantExpressionAst] -and
                $node.Member.Value -eq 'ShouldProcess') {
                $callsShouldProcess = $true
            }
        }
        $invoked = @(Select-PgQANode -Parsed $parsed -Type ([System.Management.Automation.Language.CommandAst]) -Within $fn |
                ForEach-Object -Process { $_.GetCommandName() } | Where-Object -FilterScript { $_ } | Sort-Object -Unique)
        $verb = $null
        if ($fn.Name -match '^([A-Za-z]+)-') {
            $verb = $Matches[1]
        }
        [pscustomobject]@{
            Name                  = $fn.Name
            Verb                  = $verb
            Path                  = $parsed.Path
            Ast                   = $fn
            Parameters            = $parameters
            CmdletBinding         = $cmdletBinding
            OutputType            = $outputType
            SupportsShouldProcess = $supports
            CallsShouldProcess    = $callsShouldProcess
            InvokedCommands       = $invoked
            Parsed                = $parsed
        }
    }
    $parsed | Add-Member -MemberType NoteProperty -Name FunctionInfo -Value @($infos)
    return @($infos)
}

function Test-PgQAPublicFunctionContract {
    <#
    .SYNOPSIS
        Rules Contract.* and Help.*: [CmdletBinding()], [OutputType()], comment-based help with
        .SYNOPSIS, a .DESCRIPTION over 40 characters, one .PARAMETER per parameter (and none for
        parameters that do not exist), an .EXAMPLE that uses the function, and .OUTPUTS.
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.QA.Finding')]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Path
    )

    $findings = New-Object -TypeName System.Collections.Generic.List[object]
    $parsed = $null
    # Only the file's own function (the first one) is the public command; extra functions are
    # reported by Test-PgQAFunctionFile.
    foreach ($info in @(Get-PgQAFunctionInfo -Path $Path | Select-Object -First 1)) {
        $parsed = $info.Parsed
        $fn = $info.Ast
        $file = $info.Path
        $name = $info.Name
        if ($null -eq $info.CmdletBinding) {
            $findings.Add((New-PgQAAstFinding -Rule 'Contract.CmdletBinding' -Path $file -Extent $fn.Extent `
                        -Message ("{0} has no [CmdletBinding()]; add it above its param() block so common parameters work" -f $name)))
        }
        if ($info.OutputType.Count -eq 0) {
            $findings.Add((New-PgQAAstFinding -Rule 'Contract.OutputType' -Path $file -Extent $fn.Extent `
                        -Message ("{0} has no [OutputType()]; declare what it emits, e.g. [OutputType('PgCluster.Thing')] (or [OutputType([void])])" -f $name)))
        }

        $help = $fn.GetHelpContent()
        if ($null -eq $help) {
            $findings.Add((New-PgQAAstFinding -Rule 'Help.Missing' -Path $file -Extent $fn.Extent `
                        -Message ("{0} has no comment-based help; add a <# .SYNOPSIS .DESCRIPTION .PARAMETER .EXAMPLE .OUTPUTS #> block as the first thing inside the function" -f $name)))
            continue
        }
        if ([string]::IsNullOrWhiteSpace($help.Synopsis)) {
            $findings.Add((New-PgQAAstFinding -Rule 'Help.Synopsis' -Path $file -Extent $fn.Extent `
                        -Message ("the help of {0} has no .SYNOPSIS; add a one-line summary" -f $name)))
        }
        $description = ''
        if ($null -ne $help.Description) {
            $description = $help.Description.Trim()
        }
        if ($description.Length -le 40) {
            $findings.Add((New-PgQAAstFinding -Rule 'Help.Description' -Path $file -Extent $fn.Extent `
                        -Message ("the .DESCRIPTION of {0} has {1} characters; write more than 40 saying what it does and what it changes" -f $name, $description.Length)))
        }

        $declared = @{}
        foreach ($p in $info.Parameters) {
            $declared[$p.Name.VariablePath.UserPath.ToUpperInvariant()] = $p
        }
        $documented = @{}
        if ($null -ne $help.Parameters) {
            foreach ($key in $help.Parameters.Keys) {
                $documented[([string]$key).ToUpperInvariant()] = $key
            }
        }
        foreach ($key in $declared.Keys) {
            if (-not $documented.ContainsKey($key)) {
                $p = $declared[$key]
                $findings.Add((New-PgQAAstFinding -Rule 'Help.ParameterMissing' -Path $file -Extent $p.Extent `
                            -Message ("parameter -{0} of {1} has no .PARAMETER {0} entry in the help; add one" -f $p.Name.VariablePath.UserPath, $name)))
            }
        }
        foreach ($key in $documented.Keys) {
            if (-not $declared.ContainsKey($key)) {
                # Point at the .PARAMETER line itself, with the name as written.
                $written = $documented[$key]
                $line = $fn.Extent.StartLineNumber
                $lines = $parsed.Ast.Extent.Text -split "`r?`n"
                for ($i = 0; $i -lt $lines.Count; $i++) {
                    $m = [regex]::Match($lines[$i], '^\s*\.PARAMETER\s+(' + [regex]::Escape($key) + ')\s*$', 'IgnoreCase')
                    if ($m.Success) {
                        $written = $m.Groups[1].Value
                        $line = $i + 1
                        break
                    }
                }
                $findings.Add((New-PgQAFinding -Rule 'Help.ParameterExtra' -Path $file -Line $line -Column 1 `
                            -Message (".PARAMETER {0} in the help of {1} documents a parameter that does not exist; remove it or fix its name" -f $written, $name)))
            }
        }

        $examples = @($help.Examples)
        if ($examples.Count -eq 0) {
            $findings.Add((New-PgQAAstFinding -Rule 'Help.Example' -Path $file -Extent $fn.Extent `
                        -Message ("the help of {0} has no .EXAMPLE; add at least one that runs {0}" -f $name)))
        }
        elseif (-not ($examples | Where-Object -FilterScript { $_ -match ('(?<![\w-])' + [regex]::Escape($name) + '(?![\w-])') })) {
            $findings.Add((New-PgQAAstFinding -Rule 'Help.ExampleName' -Path $file -Extent $fn.Extent `
                        -Message ("no .EXAMPLE of {0} contains the command name {0}; show a real call" -f $name)))
        }
        $outputs = @($help.Outputs | Where-Object -FilterScript { -not [string]::IsNullOrWhiteSpace($_) })
        if ($outputs.Count -eq 0) {
            $findings.Add((New-PgQAAstFinding -Rule 'Help.Outputs' -Path $file -Extent $fn.Extent `
                        -Message ("the help of {0} has no .OUTPUTS; name the output type (e.g. PgCluster.Thing, or None)" -f $name)))
        }
    }
    Remove-PgQASuppressedFinding -Parsed $parsed -Finding $findings.ToArray()
}

function Test-PgQAShouldProcess {
    <#
    .SYNOPSIS
        Rules ShouldProcess.*: a public command with a state-changing verb declares
        SupportsShouldProcess and either calls $PSCmdlet.ShouldProcess( or calls a private function
        of the module that declares SupportsShouldProcess; a read-only verb must not declare it.
        Invoke-* is exempt either way.
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.QA.Finding')]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Path,

        [Parameter()]
        [AllowEmptyCollection()]
        [string[]]
        $PrivatePath = @()
    )

    $cacheKey = ($PrivatePath | Sort-Object) -join '|'
    if (-not $script:PrivateSupportsCache.ContainsKey($cacheKey)) {
        $map = @{}
        foreach ($p in $PrivatePath) {
            foreach ($info in @(Get-PgQAFunctionInfo -Path $p)) {
                $map[$info.Name] = $info.SupportsShouldProcess
            }
        }
        $script:PrivateSupportsCache[$cacheKey] = $map
    }
    $privateSupports = $script:PrivateSupportsCache[$cacheKey]

    $findings = New-Object -TypeName System.Collections.Generic.List[object]
    $parsed = $null
    foreach ($info in @(Get-PgQAFunctionInfo -Path $Path | Select-Object -First 1)) {
        $parsed = $info.Parsed
        $extent = $info.Ast.Extent
        if ($null -ne $info.CmdletBinding) {
            $extent = $info.CmdletBinding.Extent
        }
        if ($script:StateChangingVerbs -contains $info.Verb) {
            if (-not $info.SupportsShouldProcess) {
                $findings.Add((New-PgQAAstFinding -Rule 'ShouldProcess.Missing' -Path $info.Path -Extent $extent `
                            -Message ("{0} changes state (verb {1}) but does not declare SupportsShouldProcess; use [CmdletBinding(SupportsShouldProcess = `$true, ConfirmImpact = 'Medium')] and guard the change with `$PSCmdlet.ShouldProcess(target, action)" -f $info.Name, $info.Verb)))
            }
            elseif (-not $info.CallsShouldProcess) {
                $delegates = @($info.InvokedCommands | Where-Object -FilterScript { $privateSupports.ContainsKey($_) -and $privateSupports[$_] })
                if ($delegates.Count -eq 0) {
                    $findings.Add((New-PgQAAstFinding -Rule 'ShouldProcess.NotCalled' -Path $info.Path -Extent $extent `
                                -Message ("{0} declares SupportsShouldProcess but never calls `$PSCmdlet.ShouldProcess( nor a private function that supports it, so -WhatIf does nothing; wrap each change in if (`$PSCmdlet.ShouldProcess(target, action)) {{ ... }}" -f $info.Name)))
                }
            }
        }
        elseif ($script:ReadOnlyVerbs -contains $info.Verb) {
            if ($info.SupportsShouldProcess) {
                $findings.Add((New-PgQAAstFinding -Rule 'ShouldProcess.ReadOnly' -Path $info.Path -Extent $extent `
                            -Message ("{0} only reads (verb {1}) but declares SupportsShouldProcess; remove it (-WhatIf/-Confirm would be meaningless)" -f $info.Name, $info.Verb)))
            }
        }
    }
    Remove-PgQASuppressedFinding -Parsed $parsed -Finding $findings.ToArray()
}

function Get-PgQATypeConstraint {
    <#
    .SYNOPSIS
        The type constraint names written on a parameter (e.g. 'string', 'System.Security.SecureString').
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param (
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.Language.ParameterAst]
        $Parameter
    )

    foreach ($attr in $Parameter.Attributes) {
        if ($attr -is [System.Management.Automation.Language.TypeConstraintAst]) {
            $attr.TypeName.FullName
        }
    }
}

function Test-PgQACredentialParameter {
    <#
    .SYNOPSIS
        Rules Security.*: a parameter whose name contains 'Password' must be [SecureString]; a
        parameter whose name contains 'Credential' must be [PSCredential] (never [string]).
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.QA.Finding')]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Path
    )

    $parsed = Get-PgQAParsedFile -Path $Path
    $findings = New-Object -TypeName System.Collections.Generic.List[object]
    $parameters = @(Select-PgQANode -Parsed $parsed -Type ([System.Management.Automation.Language.ParameterAst]))
    foreach ($p in $parameters) {
        $name = $p.Name.VariablePath.UserPath
        $types = @(Get-PgQATypeConstraint -Parameter $p | ForEach-Object -Process { $_.TrimEnd(']').TrimEnd('[') })
        $typeText = 'no type'
        if ($types.Count -gt 0) {
            $typeText = '[' + ($types -join '][') + ']'
        }
        if ($name -match 'Password') {
            $ok = $types | Where-Object -FilterScript { $_ -in @('SecureString', 'System.Security.SecureString') }
            if (-not $ok) {
                $findings.Add((New-PgQAAstFinding -Rule 'Security.Password' -Path $parsed.Path -Extent $p.Extent `
                            -Message ("parameter -{0} carries a password as {1}; type it [SecureString] (or take a [PSCredential]) so the plain text never sits in a variable" -f $name, $typeText)))
            }
        }
        if ($name -match 'Credential') {
            $ok = $types | Where-Object -FilterScript { $_ -in @('PSCredential', 'System.Management.Automation.PSCredential') }
            if (-not $ok) {
                $findings.Add((New-PgQAAstFinding -Rule 'Security.Credential' -Path $parsed.Path -Extent $p.Extent `
                            -Message ("parameter -{0} is {1}; credentials must be [System.Management.Automation.PSCredential] (add [System.Management.Automation.Credential()] to accept a user name)" -f $name, $typeText)))
            }
        }
    }
    Remove-PgQASuppressedFinding -Parsed $parsed -Finding $findings.ToArray()
}

function Test-PgQACommandUsage {
    <#
    .SYNOPSIS
        Rules Command.*: no aliases as command names (Windows PowerShell 5.1 defaults such as sc,
        sort, curl, ls, plus the aliases of this session), no Write-Host, no Invoke-Expression.
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.QA.Finding')]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Path
    )

    $parsed = Get-PgQAParsedFile -Path $Path
    $aliases = Get-PgQAAliasTable
    $findings = New-Object -TypeName System.Collections.Generic.List[object]
    $commands = @(Select-PgQANode -Parsed $parsed -Type ([System.Management.Automation.Language.CommandAst]))
    foreach ($c in $commands) {
        $written = $c.GetCommandName()
        if ([string]::IsNullOrEmpty($written)) {
            continue
        }
        $extent = $c.CommandElements[0].Extent
        if ($aliases.ContainsKey($written)) {
            $target = $aliases[$written]
            $advice = "write the full command name '$target'"
            if ($written -eq 'sc') {
                $advice = "call the native service tool as 'sc.exe' (or write 'Set-Content' if that was meant)"
            }
            elseif ($written -in @('curl', 'wget')) {
                $advice = "call the native program as '$written.exe' or write '$target'"
            }
            $findings.Add((New-PgQAAstFinding -Rule 'Command.Alias' -Path $parsed.Path -Extent $extent `
                        -Message ("'{0}' is an alias of {1} in Windows PowerShell 5.1; {2}" -f $written, $target, $advice)))
        }
        $resolved = $written
        if ($aliases.ContainsKey($written)) {
            $resolved = $aliases[$written]
        }
        if ($resolved -eq 'Write-Host') {
            $findings.Add((New-PgQAAstFinding -Rule 'Command.WriteHost' -Path $parsed.Path -Extent $extent `
                        -Message 'Write-Host output cannot be captured or silenced; emit objects, or use Write-Verbose / Write-Information / Write-Warning'))
        }
        if ($resolved -eq 'Invoke-Expression') {
            $findings.Add((New-PgQAAstFinding -Rule 'Command.InvokeExpression' -Path $parsed.Path -Extent $extent `
                        -Message 'Invoke-Expression runs strings as code (injection risk); call the command directly with & and an argument array'))
        }
    }
    Remove-PgQASuppressedFinding -Parsed $parsed -Finding $findings.ToArray()
}

function Get-PgQAModuleLayout {
    <#
    .SYNOPSIS
        Describes a module folder laid out as <Name>\<Name>.psd1, <Name>.psm1, Public\, Private\,
        <Name>.Format.ps1xml and en-US\about_<Name>.help.txt.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $ModuleRoot
    )

    $root = $ModuleRoot
    if (Test-Path -LiteralPath $ModuleRoot -PathType Container) {
        $root = (Resolve-Path -LiteralPath $ModuleRoot).ProviderPath
    }
    $name = Split-Path -Path $root -Leaf
    $public = @()
    $private = @()
    $all = @()
    if (Test-Path -LiteralPath $root -PathType Container) {
        $public = @(Get-ChildItem -LiteralPath (Join-Path -Path $root -ChildPath 'Public') -Filter '*.ps1' -File -ErrorAction SilentlyContinue | Sort-Object -Property Name)
        $private = @(Get-ChildItem -LiteralPath (Join-Path -Path $root -ChildPath 'Private') -Filter '*.ps1' -File -ErrorAction SilentlyContinue | Sort-Object -Property Name)
        $all = @(Get-ChildItem -LiteralPath $root -Recurse -File | Sort-Object -Property FullName)
    }
    [pscustomobject]@{
        Name          = $name
        Root          = $root
        Exists        = (Test-Path -LiteralPath $root -PathType Container)
        ManifestPath  = Join-Path -Path $root -ChildPath "$name.psd1"
        RootModule    = Join-Path -Path $root -ChildPath "$name.psm1"
        FormatPath    = Join-Path -Path $root -ChildPath "$name.Format.ps1xml"
        AboutHelpPath = Join-Path -Path (Join-Path -Path $root -ChildPath 'en-US') -ChildPath "about_$name.help.txt"
        PublicFiles   = @($public | ForEach-Object -Process { $_.FullName })
        PrivateFiles  = @($private | ForEach-Object -Process { $_.FullName })
        ScriptFiles   = @($all | Where-Object -FilterScript { $_.Extension -in @('.ps1', '.psm1', '.psd1') } | ForEach-Object -Process { $_.FullName })
        TextFiles     = @($all | Where-Object -FilterScript { $script:TextExtensions -contains $_.Extension.ToLowerInvariant() } | ForEach-Object -Process { $_.FullName })
        PublicNames   = @($public | ForEach-Object -Process { $_.BaseName })
    }
}

function Get-PgQAManifestKeyLine {
    <#
    .SYNOPSIS
        The line of a key in a .psd1 hashtable (1 when the key is absent).
    #>
    [CmdletBinding()]
    [OutputType([int])]
    param (
        [Parameter(Mandatory = $true)]
        [object]
        $Parsed,

        [Parameter(Mandatory = $true)]
        [string]
        $Key
    )

    $table = Select-PgQANode -Parsed $Parsed -Type ([System.Management.Automation.Language.HashtableAst]) | Select-Object -First 1
    if ($null -ne $table) {
        foreach ($pair in $table.KeyValuePairs) {
            if ($pair.Item1 -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $pair.Item1.Value -eq $Key) {
                return $pair.Item1.Extent.StartLineNumber
            }
        }
    }
    return 1
}

function Test-PgQAManifest {
    <#
    .SYNOPSIS
        Rules Manifest.*: the .psd1 reads as data (Import-PowerShellDataFile), passes
        Test-ModuleManifest, exports exactly the Public\ functions through a literal
        FunctionsToExport list without wildcards, exports no cmdlets, aliases or variables
        (each @()), targets PowerShell 5.1 Desktop and Core, and loads the format file.
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.QA.Finding')]
    param (
        [Parameter(Mandatory = $true)]
        [object]
        $Layout
    )

    $path = $Layout.ManifestPath
    if (-not (Test-Path -LiteralPath $path -PathType Leaf)) {
        New-PgQAFinding -Rule 'Manifest.Missing' -Path $path -Message ("the module manifest {0} does not exist; create it with New-ModuleManifest" -f $path)
        return
    }
    $parsed = Get-PgQAParsedFile -Path $path
    try {
        $data = Import-PowerShellDataFile -Path $path -ErrorAction Stop
    }
    catch {
        New-PgQAFinding -Rule 'Manifest.Unreadable' -Path $path -Line 1 -Message ("Import-PowerShellDataFile cannot read the manifest: {0} Keep it pure data (literal strings, arrays and hashtables)" -f $_.Exception.Message)
        return
    }

    try {
        $null = Test-ModuleManifest -Path $path -ErrorAction Stop -WarningAction SilentlyContinue
    }
    catch {
        $text = $_.Exception.Message -replace '\s+', ' '
        New-PgQAFinding -Rule 'Manifest.TestModuleManifest' -Path $path -Line 1 -Message ("Test-ModuleManifest: {0}" -f $text)
    }

    $line = Get-PgQAManifestKeyLine -Parsed $parsed -Key 'FunctionsToExport'
    if (-not $data.ContainsKey('FunctionsToExport')) {
        New-PgQAFinding -Rule 'Manifest.FunctionsToExport' -Path $path -Line 1 `
            -Message ("FunctionsToExport is missing (it then defaults to '*'); list the public functions: FunctionsToExport = @('{0}')" -f ($Layout.PublicNames -join "', '"))
    }
    else {
        $exported = @($data['FunctionsToExport'] | Where-Object -FilterScript { $null -ne $_ } | ForEach-Object -Process { [string]$_ })
        foreach ($name in $exported) {
            if ($name -match '[\*\?\[]') {
                New-PgQAFinding -Rule 'Manifest.Wildcard' -Path $path -Line $line `
                    -Message ("FunctionsToExport contains the wildcard '{0}'; list every public function by name (wildcards break command auto-discovery)" -f $name)
            }
        }
        $literal = @($exported | Where-Object -FilterScript { $_ -notmatch '[\*\?\[]' })
        $seen = @{}
        foreach ($name in $literal) {
            if ($seen.ContainsKey($name)) {
                New-PgQAFinding -Rule 'Manifest.Duplicate' -Path $path -Line $line -Message ("FunctionsToExport lists '{0}' twice; keep one" -f $name)
            }
            $seen[$name] = $true
        }
        foreach ($name in $Layout.PublicNames) {
            if ($literal -notcontains $name) {
                New-PgQAFinding -Rule 'Manifest.NotExported' -Path $path -Line $line `
                    -Message ("Public/{0}.ps1 exists but '{0}' is not in FunctionsToExport; add it (or move the file to Private/)" -f $name)
            }
        }
        foreach ($name in ($literal | Sort-Object -Unique)) {
            if ($Layout.PublicNames -notcontains $name) {
                New-PgQAFinding -Rule 'Manifest.NoSuchFunction' -Path $path -Line $line `
                    -Message ("FunctionsToExport lists '{0}' but there is no Public/{0}.ps1; remove it or add the file" -f $name)
            }
        }
    }

    foreach ($key in @('CmdletsToExport', 'AliasesToExport', 'VariablesToExport')) {
        $keyLine = Get-PgQAManifestKeyLine -Parsed $parsed -Key $key
        if (-not $data.ContainsKey($key)) {
            New-PgQAFinding -Rule 'Manifest.OtherExports' -Path $path -Line 1 `
                -Message ("{0} is missing (it then defaults to '*'); add {0} = @()" -f $key)
            continue
        }
        $values = @($data[$key] | Where-Object -FilterScript { $null -ne $_ -and "$_" -ne '' })
        if ($values.Count -gt 0) {
            New-PgQAFinding -Rule 'Manifest.OtherExports' -Path $path -Line $keyLine `
                -Message ("{0} = '{1}'; the module exports functions only, set {0} = @()" -f $key, ($values -join "', '"))
        }
    }

    $psVersion = $null
    if ($data.ContainsKey('PowerShellVersion')) {
        $psVersion = [string]$data['PowerShellVersion']
    }
    if ($psVersion -ne '5.1') {
        New-PgQAFinding -Rule 'Manifest.PowerShellVersion' -Path $path -Line (Get-PgQAManifestKeyLine -Parsed $parsed -Key 'PowerShellVersion') `
            -Message ("PowerShellVersion is '{0}'; set PowerShellVersion = '5.1' (the oldest supported host)" -f $psVersion)
    }
    $editions = @()
    if ($data.ContainsKey('CompatiblePSEditions')) {
        $editions = @($data['CompatiblePSEditions'])
    }
    if (($editions -notcontains 'Desktop') -or ($editions -notcontains 'Core')) {
        New-PgQAFinding -Rule 'Manifest.CompatiblePSEditions' -Path $path -Line (Get-PgQAManifestKeyLine -Parsed $parsed -Key 'CompatiblePSEditions') `
            -Message ("CompatiblePSEditions is '{0}'; set CompatiblePSEditions = @('Desktop', 'Core')" -f ($editions -join "', '"))
    }
    $rootModule = $null
    if ($data.ContainsKey('RootModule')) {
        $rootModule = [string]$data['RootModule']
    }
    $expectedRoot = Split-Path -Path $Layout.RootModule -Leaf
    if ($rootModule -ne $expectedRoot) {
        New-PgQAFinding -Rule 'Manifest.RootModule' -Path $path -Line (Get-PgQAManifestKeyLine -Parsed $parsed -Key 'RootModule') `
            -Message ("RootModule is '{0}'; set RootModule = '{1}'" -f $rootModule, $expectedRoot)
    }
    $formats = @()
    if ($data.ContainsKey('FormatsToProcess')) {
        $formats = @($data['FormatsToProcess'])
    }
    $expectedFormat = Split-Path -Path $Layout.FormatPath -Leaf
    if ($formats -notcontains $expectedFormat) {
        New-PgQAFinding -Rule 'Manifest.FormatsToProcess' -Path $path -Line (Get-PgQAManifestKeyLine -Parsed $parsed -Key 'FormatsToProcess') `
            -Message ("FormatsToProcess is '{0}'; set FormatsToProcess = @('{1}')" -f ($formats -join "', '"), $expectedFormat)
    }
    foreach ($f in $formats) {
        if (-not (Test-Path -LiteralPath (Join-Path -Path $Layout.Root -ChildPath $f) -PathType Leaf)) {
            New-PgQAFinding -Rule 'Manifest.FormatsToProcess' -Path $path -Line (Get-PgQAManifestKeyLine -Parsed $parsed -Key 'FormatsToProcess') `
                -Message ("FormatsToProcess names '{0}' but that file does not exist next to the manifest" -f $f)
        }
    }
}

function Test-PgQAModuleImport {
    <#
    .SYNOPSIS
        Rules Import.*: Import-Module <psd1> -Force succeeds (in a separate runspace, so the
        caller's session is untouched) and Get-Command -Module <Name> equals FunctionsToExport.
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.QA.Finding')]
    param (
        [Parameter(Mandatory = $true)]
        [object]
        $Layout
    )

    $path = $Layout.ManifestPath
    if (-not (Test-Path -LiteralPath $path -PathType Leaf)) {
        return
    }
    $expected = @()
    try {
        $data = Import-PowerShellDataFile -Path $path -ErrorAction Stop
        if ($data.ContainsKey('FunctionsToExport')) {
            $expected = @($data['FunctionsToExport'] | Where-Object -FilterScript { $null -ne $_ } | ForEach-Object -Process { [string]$_ })
        }
    }
    catch {
        return
    }

    $ps = [System.Management.Automation.PowerShell]::Create()
    try {
        $null = $ps.AddScript({
                param($ManifestPath)
                $ErrorActionPreference = 'Stop'
                $module = Import-Module -Name $ManifestPath -Force -PassThru -DisableNameChecking -WarningAction SilentlyContinue
                $commands = @(Get-Command -Module $module.Name | ForEach-Object -Process { '{0}|{1}' -f $_.CommandType, $_.Name })
                [pscustomobject]@{ Name = $module.Name; Commands = $commands }
            }).AddArgument($path)
        $result = $null
        $failure = $null
        try {
            $result = $ps.Invoke() | Select-Object -First 1
        }
        catch {
            $failure = $_.Exception
            while ($null -ne $failure.InnerException -and $failure -is [System.Management.Automation.MethodInvocationException]) {
                $failure = $failure.InnerException
            }
        }
        $streamErrors = @($ps.Streams.Error)
        if ($null -ne $failure -or $null -eq $result) {
            $message = 'no result'
            if ($null -ne $failure) {
                $message = $failure.Message
            }
            elseif ($streamErrors.Count -gt 0) {
                $message = $streamErrors[0].Exception.Message
            }
            New-PgQAFinding -Rule 'Import.Failed' -Path $path -Line 1 `
                -Message ("Import-Module {0} -Force failed: {1} The module must import on Linux and Windows without side effects" -f (Split-Path -Path $path -Leaf), $message)
            return
        }
        foreach ($e in $streamErrors) {
            New-PgQAFinding -Rule 'Import.Failed' -Path $path -Line 1 `
                -Message ("Import-Module {0} wrote an error: {1}" -f (Split-Path -Path $path -Leaf), $e.Exception.Message)
        }
        $actual = @()
        foreach ($entry in $result.Commands) {
            $type, $name = $entry.Split('|', 2)
            if ($type -ne 'Function') {
                New-PgQAFinding -Rule 'Import.ExportMismatch' -Path $path -Line 1 `
                    -Message ("the module exports the {0} '{1}'; it must export functions only" -f $type.ToLowerInvariant(), $name)
            }
            $actual += $name
        }
        foreach ($name in ($expected | Where-Object -FilterScript { $_ -notmatch '[\*\?\[]' })) {
            if ($actual -notcontains $name) {
                New-PgQAFinding -Rule 'Import.ExportMismatch' -Path $path -Line (Get-PgQAManifestKeyLine -Parsed (Get-PgQAParsedFile -Path $path) -Key 'FunctionsToExport') `
                    -Message ("'{0}' is in FunctionsToExport but Get-Command -Module {1} does not list it after import (is the function defined and dot-sourced?)" -f $name, $result.Name)
            }
        }
        foreach ($name in $actual) {
            if ($expected -notcontains $name) {
                New-PgQAFinding -Rule 'Import.ExportMismatch' -Path $path -Line (Get-PgQAManifestKeyLine -Parsed (Get-PgQAParsedFile -Path $path) -Key 'FunctionsToExport') `
                    -Message ("Get-Command -Module {0} lists '{1}', which is not literally in FunctionsToExport" -f $result.Name, $name)
            }
        }
    }
    finally {
        $ps.Dispose()
    }
}

function Get-PgQAEmittedTypeName {
    <#
    .SYNOPSIS
        Type names the code emits: PSTypeName = '<Prefix>X' in hashtables and
        .PSObject.TypeNames.Insert(0, '<Prefix>X') / .Add('<Prefix>X'). Returns Name, Path, Line.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param (
        [Parameter(Mandatory = $true)]
        [AllowEmptyCollection()]
        [string[]]
        $Path,

        [Parameter()]
        [string]
        $Prefix = 'PgCluster.'
    )

    foreach ($file in $Path) {
        $parsed = Get-PgQAParsedFile -Path $file
        $tables = @(Select-PgQANode -Parsed $parsed -Type ([System.Management.Automation.Language.HashtableAst]))
        foreach ($table in $tables) {
            foreach ($pair in $table.KeyValuePairs) {
                if (-not ($pair.Item1 -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $pair.Item1.Value -eq 'PSTypeName')) {
                    continue
                }
                $value = $pair.Item2.Find((Get-PgQAPredicate -Type ([System.Management.Automation.Language.StringConstantExpressionAst])), $true)
                if ($null -ne $value -and $value.Value.StartsWith($Prefix, [System.StringComparison]::Ordinal)) {
                    [pscustomobject]@{ Name = $value.Value; Path = $parsed.Path; Line = $value.Extent.StartLineNumber }
                }
            }
        }
        $calls = @(Select-PgQANode -Parsed $parsed -Type ([System.Management.Automation.Language.InvokeMemberExpressionAst]) | Where-Object -FilterScript {
                $_.Member -is [System.Management.Automation.Language.StringConstantExpressionAst] -and
                $_.Member.Value -in @('Insert', 'Add') -and
                $_.Expression -is [System.Management.Automation.Language.MemberExpressionAst] -and
                $_.Expression.Member -is [System.Management.Automation.Language.StringConstantExpressionAst] -and
                $_.Expression.Member.Value -eq 'TypeNames'
            })
        foreach ($call in $calls) {
            $arguments = @($call.Arguments)
            if ($arguments.Count -eq 0) {
                continue
            }
            $last = $arguments[$arguments.Count - 1]
            if ($last -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $last.Value.StartsWith($Prefix, [System.StringComparison]::Ordinal)) {
                [pscustomobject]@{ Name = $last.Value; Path = $parsed.Path; Line = $last.Extent.StartLineNumber }
            }
        }
    }
}

function Test-PgQAFormatView {
    <#
    .SYNOPSIS
        Rules View.*: the format file is valid XML; every emitted '<Prefix>X' type name has a view in
        it, and every view's TypeName is emitted somewhere in the module code.
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.QA.Finding')]
    param (
        [Parameter(Mandatory = $true)]
        [object]
        $Layout,

        [Parameter()]
        [string]
        $Prefix = 'PgCluster.'
    )

    $code = @($Layout.ScriptFiles | Where-Object -FilterScript { $_ -match '\.ps1$|\.psm1$' })
    $emitted = @(Get-PgQAEmittedTypeName -Path $code -Prefix $Prefix)
    $formatPath = $Layout.FormatPath
    $viewTypes = @()
    if (-not (Test-Path -LiteralPath $formatPath -PathType Leaf)) {
        if ($emitted.Count -gt 0) {
            New-PgQAFinding -Rule 'View.FileMissing' -Path $formatPath `
                -Message ("{0} does not exist but the code emits {1}; create it with a view per type" -f (Split-Path -Path $formatPath -Leaf), (($emitted | ForEach-Object -Process { $_.Name } | Sort-Object -Unique) -join ', '))
        }
    }
    else {
        Add-Type -AssemblyName System.Xml.Linq
        $document = $null
        try {
            $document = [System.Xml.Linq.XDocument]::Load($formatPath, [System.Xml.Linq.LoadOptions]::SetLineInfo)
        }
        catch {
            $ex = $_.Exception
            while ($null -ne $ex.InnerException) {
                $ex = $ex.InnerException
            }
            $lineNo = 1
            if ($ex -is [System.Xml.XmlException]) {
                $lineNo = $ex.LineNumber
            }
            New-PgQAFinding -Rule 'View.InvalidXml' -Path $formatPath -Line $lineNo -Message ("the format file is not valid XML: {0}" -f $ex.Message)
            return
        }
        if ($null -eq $document.Root -or $document.Root.Name.LocalName -ne 'Configuration') {
            New-PgQAFinding -Rule 'View.InvalidXml' -Path $formatPath -Line 1 -Message 'the root element must be <Configuration> with <ViewDefinitions> inside'
        }
        foreach ($typeName in $document.Descendants('TypeName')) {
            $parent = $typeName.Parent
            if ($null -eq $parent -or $parent.Name.LocalName -ne 'ViewSelectedBy') {
                continue
            }
            $viewTypes += [pscustomobject]@{
                Name = $typeName.Value.Trim()
                Line = [System.Xml.IXmlLineInfo].GetProperty('LineNumber').GetValue($typeName, $null)
            }
        }
    }

    $emittedNames = @($emitted | ForEach-Object -Process { $_.Name } | Sort-Object -Unique)
    $viewNames = @($viewTypes | ForEach-Object -Process { $_.Name })
    foreach ($e in $emitted) {
        if ((Test-Path -LiteralPath $formatPath -PathType Leaf) -and ($viewNames -notcontains $e.Name)) {
            New-PgQAFinding -Rule 'View.TypeWithoutView' -Path $e.Path -Line $e.Line `
                -Message ("objects of type '{0}' are emitted here but {1} has no view for it; add a <View> with <ViewSelectedBy><TypeName>{0}</TypeName></ViewSelectedBy>" -f $e.Name, (Split-Path -Path $formatPath -Leaf))
        }
    }
    foreach ($v in $viewTypes) {
        if ($emittedNames -notcontains $v.Name) {
            New-PgQAFinding -Rule 'View.ViewWithoutType' -Path $formatPath -Line $v.Line `
                -Message ("the view for '{0}' is dead: no code emits PSTypeName = '{0}' (or TypeNames.Insert(0, '{0}')); remove the view or fix the type name" -f $v.Name)
        }
    }
}

function Test-PgQAAboutHelp {
    <#
    .SYNOPSIS
        Rules AboutHelp.*: en-US\about_<Name>.help.txt exists, starts with the TOPIC / about_<Name>
        header, has SHORT DESCRIPTION and LONG DESCRIPTION sections, and mentions every exported
        function.
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.QA.Finding')]
    param (
        [Parameter(Mandatory = $true)]
        [object]
        $Layout,

        [Parameter()]
        [AllowEmptyCollection()]
        [string[]]
        $ExportedFunction = @()
    )

    $path = $Layout.AboutHelpPath
    $topic = "about_$($Layout.Name)"
    if (-not (Test-Path -LiteralPath $path -PathType Leaf)) {
        New-PgQAFinding -Rule 'AboutHelp.Missing' -Path $path -Message ("{0} does not exist; write the conceptual help (TOPIC / {1} / SHORT DESCRIPTION / LONG DESCRIPTION)" -f $path, $topic)
        return
    }
    $lines = @([System.IO.File]::ReadAllLines($path))
    $content = @()
    for ($i = 0; $i -lt $lines.Count; $i++) {
        if ($lines[$i].Trim().Length -gt 0) {
            $content += [pscustomobject]@{ Line = $i + 1; Text = $lines[$i].Trim() }
        }
    }
    if ($content.Count -lt 2 -or $content[0].Text -ne 'TOPIC' -or $content[1].Text -ne $topic) {
        $at = 1
        $got = ''
        if ($content.Count -ge 1 -and $content[0].Text -ne 'TOPIC') {
            $at = $content[0].Line
            $got = $content[0].Text
        }
        elseif ($content.Count -ge 2) {
            $at = $content[1].Line
            $got = $content[1].Text
        }
        New-PgQAFinding -Rule 'AboutHelp.Header' -Path $path -Line $at `
            -Message ("the file must start with the lines 'TOPIC' and '    {0}' (found '{1}')" -f $topic, $got)
    }
    foreach ($section in @('SHORT DESCRIPTION', 'LONG DESCRIPTION')) {
        if (-not ($content | Where-Object -FilterScript { $_.Text -eq $section })) {
            New-PgQAFinding -Rule 'AboutHelp.Header' -Path $path -Line 1 -Message ("the section heading '{0}' is missing; add it on a line of its own" -f $section)
        }
    }
    $text = [System.IO.File]::ReadAllText($path)
    foreach ($name in $ExportedFunction) {
        if ($text -notmatch ('(?<![\w-])' + [regex]::Escape($name) + '(?![\w-])')) {
            New-PgQAFinding -Rule 'AboutHelp.FunctionNotMentioned' -Path $path -Line $lines.Count `
                -Message ("{0} never mentions {1}; describe it (one line in the command list is enough)" -f (Split-Path -Path $path -Leaf), $name)
        }
    }
}

function Test-PgQAUnitCoverage {
    <#
    .SYNOPSIS
        Rule Tests.NotInvoked: every exported function is called (as a command, not just mocked or
        named) in at least one unit test file under the unit-test folder.
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.QA.Finding')]
    param (
        [Parameter(Mandatory = $true)]
        [object]
        $Layout,

        [Parameter(Mandatory = $true)]
        [string]
        $UnitTestRoot,

        [Parameter()]
        [AllowEmptyCollection()]
        [string[]]
        $ExportedFunction = @(),

        [Parameter()]
        [string]
        $Filter = '*.Tests.ps1'
    )

    $called = @{}
    if (Test-Path -LiteralPath $UnitTestRoot -PathType Container) {
        $files = @(Get-ChildItem -LiteralPath $UnitTestRoot -Recurse -File -Filter $Filter)
        $cacheKey = ($files | ForEach-Object -Process { '{0}|{1}|{2}' -f $_.FullName, $_.Length, $_.LastWriteTimeUtc.Ticks }) -join ';'
        if ($script:CalledCommandCache.ContainsKey($cacheKey)) {
            $called = $script:CalledCommandCache[$cacheKey]
        }
        else {
            foreach ($file in $files) {
                $parsed = Get-PgQAParsedFile -Path $file.FullName
                foreach ($c in (Select-PgQANode -Parsed $parsed -Type ([System.Management.Automation.Language.CommandAst]))) {
                    $name = $c.GetCommandName()
                    if ($name) {
                        $called[$name] = $true
                    }
                }
            }
            $script:CalledCommandCache[$cacheKey] = $called
        }
    }
    foreach ($name in $ExportedFunction) {
        if (-not $called.ContainsKey($name)) {
            # Anchor at the function definition, or at FunctionsToExport when there is no file.
            $target = $Layout.ManifestPath
            $line = 1
            if (Test-Path -LiteralPath $target -PathType Leaf) {
                $line = Get-PgQAManifestKeyLine -Parsed (Get-PgQAParsedFile -Path $target) -Key 'FunctionsToExport'
            }
            $match = @($Layout.PublicFiles | Where-Object -FilterScript { [System.IO.Path]::GetFileNameWithoutExtension($_) -eq $name })
            if ($match.Count -gt 0) {
                $target = $match[0]
                $info = @(Get-PgQAFunctionInfo -Path $target)
                if ($info.Count -gt 0) {
                    $line = $info[0].Ast.Extent.StartLineNumber
                }
            }
            New-PgQAFinding -Rule 'Tests.NotInvoked' -Path $target -Line $line `
                -Message ("{0} is exported but no {1} file under {2} calls it; add a unit test that runs {0} (with its dependencies mocked)" -f $name, $Filter, $UnitTestRoot)
        }
    }
}

function Get-PgQAExportedFunction {
    <#
    .SYNOPSIS
        FunctionsToExport of a manifest as a string array (empty when unreadable).
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param (
        [Parameter(Mandatory = $true)]
        [object]
        $Layout
    )

    if (-not (Test-Path -LiteralPath $Layout.ManifestPath -PathType Leaf)) {
        return
    }
    try {
        $data = Import-PowerShellDataFile -Path $Layout.ManifestPath -ErrorAction Stop
    }
    catch {
        return
    }
    if ($data.ContainsKey('FunctionsToExport')) {
        @($data['FunctionsToExport']) | Where-Object -FilterScript { $null -ne $_ -and "$_" -notmatch '[\*\?\[]' } |
            ForEach-Object -Process { [string]$_ } | Sort-Object -Unique
    }
}

function Invoke-PgQAModuleRule {
    <#
    .SYNOPSIS
        Runs every rule on a module folder (and its unit tests) and returns all findings. The
        per-file rules (parse, 5.1 compatibility, format, command usage, credentials) run on every
        file of the module; the public-function rules on Public\*.ps1; the module rules once.
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.QA.Finding')]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $ModuleRoot,

        [Parameter()]
        [string]
        $UnitTestRoot,

        [Parameter()]
        [string]
        $UnitTestFilter = '*.Tests.ps1',

        [Parameter()]
        [string]
        $TypeNamePrefix = 'PgCluster.'
    )

    $layout = Get-PgQAModuleLayout -ModuleRoot $ModuleRoot
    foreach ($file in $layout.ScriptFiles) {
        Test-PgQAParse -Path $file
        Test-PgQAWindowsPowerShellCompatibility -Path $file
        Test-PgQACommandUsage -Path $file
        Test-PgQACredentialParameter -Path $file
    }
    foreach ($file in $layout.TextFiles) {
        Test-PgQAFileFormat -Path $file
    }
    foreach ($file in $layout.PublicFiles) {
        Test-PgQAFunctionFile -Path $file -Kind Public
        Test-PgQAPublicFunctionContract -Path $file
        Test-PgQAShouldProcess -Path $file -PrivatePath $layout.PrivateFiles
    }
    foreach ($file in $layout.PrivateFiles) {
        Test-PgQAFunctionFile -Path $file -Kind Private
    }
    Test-PgQAManifest -Layout $layout
    Test-PgQAModuleImport -Layout $layout
    Test-PgQAFormatView -Layout $layout -Prefix $TypeNamePrefix
    $exported = @(Get-PgQAExportedFunction -Layout $layout)
    Test-PgQAAboutHelp -Layout $layout -ExportedFunction $exported
    if ($UnitTestRoot) {
        Test-PgQAUnitCoverage -Layout $layout -UnitTestRoot $UnitTestRoot -ExportedFunction $exported -Filter $UnitTestFilter
    }
}

function Get-PgQARelativePath {
    <#
    .SYNOPSIS
        Path relative to a base folder, with forward slashes (full path when outside it).
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param (
        [Parameter(Mandatory = $true)]
        [AllowEmptyString()]
        [string]
        $Path,

        [Parameter()]
        [string]
        $BasePath
    )

    $p = $Path.Replace('\', '/')
    if ($BasePath) {
        $b = $BasePath.Replace('\', '/').TrimEnd('/') + '/'
        if ($p.StartsWith($b, [System.StringComparison]::OrdinalIgnoreCase)) {
            return $p.Substring($b.Length)
        }
    }
    return $p
}

function Format-PgQAFinding {
    <#
    .SYNOPSIS
        One line per finding: <path>:<line>:<column>: [<Rule>] <message>.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param (
        [Parameter(ValueFromPipeline = $true)]
        [AllowNull()]
        [object[]]
        $Finding,

        [Parameter()]
        [string]
        $BasePath
    )

    process {
        foreach ($f in @($Finding)) {
            if ($null -eq $f) {
                continue
            }
            '{0}:{1}:{2}: [{3}] {4}' -f (Get-PgQARelativePath -Path $f.Path -BasePath $BasePath), $f.Line, $f.Column, $f.Rule, $f.Message
        }
    }
}

function Assert-PgQANoFinding {
    <#
    .SYNOPSIS
        Throws (failing the current Pester test) with one line per finding when there is any.
    #>
    [CmdletBinding()]
    [OutputType([void])]
    param (
        [Parameter()]
        [AllowNull()]
        [AllowEmptyCollection()]
        [object[]]
        $Finding,

        [Parameter()]
        [string]
        $BasePath
    )

    $list = @($Finding | Where-Object -FilterScript { $null -ne $_ })
    if ($list.Count -gt 0) {
        $lines = @($list | Sort-Object -Property Path, Line, Column, Rule | Format-PgQAFinding -BasePath $BasePath)
        throw ("{0} finding(s):`n  {1}" -f $list.Count, ($lines -join "`n  "))
    }
}

function Get-PgQAExpectedFinding {
    <#
    .SYNOPSIS
        Expected findings of a fixture folder: "expect: Rule[, Rule]" markers on the offending
        lines of any file, plus lines "<relative path>:<line>: <Rule>" in expected-findings.txt.
        Returns keys "<relative path>:<line>:<Rule>".
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $FixtureRoot
    )

    $root = (Resolve-Path -LiteralPath $FixtureRoot).ProviderPath
    foreach ($file in (Get-ChildItem -LiteralPath $root -Recurse -File)) {
        $relative = Get-PgQARelativePath -Path $file.FullName -BasePath $root
        if ($file.Name -eq 'expected-findings.txt') {
            foreach ($line in [System.IO.File]::ReadAllLines($file.FullName)) {
                $m = [regex]::Match($line, '^\s*([^#\s][^:]*):(\d+):\s*([A-Za-z0-9.]+)\s*$')
                if ($m.Success) {
                    '{0}:{1}:{2}' -f $m.Groups[1].Value.Trim(), $m.Groups[2].Value, $m.Groups[3].Value
                }
            }
            continue
        }
        $lines = [System.IO.File]::ReadAllLines($file.FullName)
        for ($i = 0; $i -lt $lines.Count; $i++) {
            $m = [regex]::Match($lines[$i], 'expect:\s*([A-Za-z0-9., ]+?)\s*(-->)?\s*$')
            if (-not $m.Success) {
                continue
            }
            foreach ($rule in $m.Groups[1].Value.Split(',')) {
                if ($rule.Trim().Length -gt 0) {
                    '{0}:{1}:{2}' -f $relative, ($i + 1), $rule.Trim()
                }
            }
        }
    }
}

Export-ModuleMember -Function @(
    'Get-PgQAParsedFile'
    'Get-PgQAModuleLayout'
    'Get-PgQAFunctionInfo'
    'Get-PgQAEmittedTypeName'
    'Get-PgQAExportedFunction'
    'Get-PgQAAliasTable'
    'Get-PgQAExemption'
    'Test-PgQAParse'
    'Test-PgQAWindowsPowerShellCompatibility'
    'Test-PgQAFileFormat'
    'Test-PgQAFunctionFile'
    'Test-PgQAPublicFunctionContract'
    'Test-PgQAShouldProcess'
    'Test-PgQACredentialParameter'
    'Test-PgQACommandUsage'
    'Test-PgQAManifest'
    'Test-PgQAModuleImport'
    'Test-PgQAFormatView'
    'Test-PgQAAboutHelp'
    'Test-PgQAUnitCoverage'
    'Invoke-PgQAModuleRule'
    'Get-PgQARelativePath'
    'Format-PgQAFinding'
    'Assert-PgQANoFinding'
    'Get-PgQAExpectedFinding'
)
