function ConvertTo-PgProbeEnvironment {
    <#
    .SYNOPSIS
        The environment of the Node helper's SQL probe (pgcluster probe): the credential, when one
        is given, as PGUSER/PGPASSWORD of that process only (never on its command line); otherwise
        the caller's PGUSER/PGPASSWORD or pgpass file apply.
    #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param (
        [Parameter()]
        [System.Management.Automation.PSCredential]
        $Credential,

        [Parameter()]
        [hashtable]
        $Environment = @{}
    )

    $result = @{} + $Environment
    if ($Credential -and $Credential -ne [System.Management.Automation.PSCredential]::Empty) {
        $result['PGUSER'] = $Credential.UserName
        $result['PGPASSWORD'] = $Credential.GetNetworkCredential().Password
    }
    return $result
}
