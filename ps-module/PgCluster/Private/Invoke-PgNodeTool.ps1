function Invoke-PgNodeTool {
    <#
    .SYNOPSIS
        Runs mc_ctl, mc_arbiter or the pgcluster helper with --json and returns the parsed answer; a failure
        becomes a terminating error carrying the tool's code, place and hint.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param (
        [Parameter(Mandatory = $true)]
        [ValidateSet('mc_ctl', 'mc_arbiter', 'pgcluster')]
        [string]
        $Tool,

        [Parameter(Mandatory = $true)]
        [string[]]
        $ArgumentList,

        [Parameter()]
        [hashtable]
        $Environment = @{}
    )

    if (-not $script:PgClusterRoot) {
        $record = New-PgErrorRecord -ErrorId 'HelperNotFound' -Category ObjectNotFound `
            -Message 'The PgCluster Node helper (bin\pgcluster.js) was not found next to the module.' `
            -Hint 'Reinstall PgCluster, or set PGCLUSTER_HOME to the folder that holds bin\pgcluster.js.'
        throw $record
    }
    $node = 'node'
    if ($env:PGCLUSTER_NODE) {
        $node = $env:PGCLUSTER_NODE
    }
    else {
        $bundled = Join-Path -Path (Join-Path -Path $script:PgClusterRoot -ChildPath '..\node') -ChildPath 'node.exe'
        if (Test-Path -LiteralPath $bundled -PathType Leaf) {
            $node = $bundled
        }
    }
    $script = Join-Path -Path (Join-Path -Path $script:PgClusterRoot -ChildPath 'bin') -ChildPath "$Tool.js"
    $result = Invoke-PgNative -FilePath $node -ArgumentList (@($script) + $ArgumentList + @('--json')) -Environment $Environment
    # The --json answer is on standard output; standard error (a Node warning, a crash report) may
    # hold a '{' of its own, so it is left out of the parse but kept for the message.
    $json = ($result.StdOut -join "`n").Trim()
    $start = $json.IndexOf('{')
    $answer = $null
    if ($start -ge 0) {
        try {
            $answer = $json.Substring($start) | ConvertFrom-Json
        }
        catch {
            $answer = $null
        }
    }
    if ($null -eq $answer) {
        $text = ($result.Output -join "`n").Trim()
        throw (New-PgErrorRecord -ErrorId 'HelperFailed' -Message "$Tool exited with $($result.ExitCode) without an answer: $text" `
                -Hint 'Run the same command by hand to see its full output.')
    }
    if (-not $answer.ok) {
        $err = $answer.error
        $message = $err.message
        if ($err.PSObject.Properties['where'] -and $err.where) {
            $message = "$($err.where): $message"
        }
        $hint = $null
        if ($err.PSObject.Properties['hint']) {
            $hint = $err.hint
        }
        $category = [System.Management.Automation.ErrorCategory]::InvalidOperation
        if ($err.code -eq 'USAGE') {
            $category = [System.Management.Automation.ErrorCategory]::InvalidArgument
        }
        throw (New-PgErrorRecord -ErrorId $err.code -Category $category -Message $message -Hint $hint)
    }
    return $answer
}
